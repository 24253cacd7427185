package dev.stepwise.git.jgit;

import static dev.stepwise.git.jgit.GitManifestSinkTest.at;
import static dev.stepwise.git.jgit.GitManifestSinkTest.note;
import static dev.stepwise.git.jgit.GitManifestSinkTest.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.rollout.Decision;
import dev.stepwise.spi.ConflictingChangeException;
import dev.stepwise.spi.StepNote;
import dev.stepwise.traffic.TrafficSplit;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many commits the check for a person's mid-rollout commit visits, in a monorepo with a long
 * history of other teams' commits: it stops at our last commit to the route file. Every sync
 * fetches here (no reuse window), so that each write checks once, on the remote's head.
 */
@DisplayName("Foreign-commit check: commits walked")
class ForeignCommitWalkTest {

    private static final int SINCE = 5;

    @TempDir
    Path dir;
    private final List<JGitBackend> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(JGitBackend::close);
    }

    @ParameterizedTest(name = "{0} commits of history")
    @ValueSource(ints = {1_000, 10_000})
    @DisplayName("a step's check walks no commit while the file is as our last write left it, whatever was committed since")
    void boundedWalk(int history) {
        BareRepository remote = BareRepository.create(dir);
        BusyMonorepo.commit(remote, history);
        CountingBackend git = counting(remote);
        GitManifestSink sink = GitManifestSink.builder(git).baseDir("apps").sleeper(d -> { }).build();
        sink.write(List.of(route(0)), StepNote.outsideRollout("route set up", Instant.EPOCH),
                TrafficSplit.allStable(), TrafficSplit.allStable());
        sink.write(List.of(at(route(10), read(sink))), note(1), TrafficSplit.canary(0), TrafficSplit.canary(10));
        BusyMonorepo.commit(remote, SINCE);
        Manifest read = read(sink);
        long walked = git.commitsWalked();

        sink.write(List.of(at(route(20), read)), note(2), TrafficSplit.canary(10), TrafficSplit.canary(20));

        // the file's blob is the one step 1 wrote: nobody changed it, so there is nothing to walk
        assertThat(git.commitsWalked() - walked).isZero();
    }

    @ParameterizedTest(name = "{0} commits of history")
    @ValueSource(ints = {1_000, 10_000})
    @DisplayName("after a restart (no commit of ours known) the check asks the backend's index, which stops past the newest commit to the file, ours")
    void boundedWalkAfterRestart(int history) {
        BareRepository remote = BareRepository.create(dir);
        BusyMonorepo.commit(remote, history);
        GitManifestSink before = GitManifestSink.builder(counting(remote)).baseDir("apps").sleeper(d -> { }).build();
        before.write(List.of(route(10)), note(1), TrafficSplit.canary(0), TrafficSplit.canary(10));
        BusyMonorepo.commit(remote, SINCE);
        CountingBackend git = counting(remote);
        GitManifestSink sink = GitManifestSink.builder(git).baseDir("apps").sleeper(d -> { }).build();
        Manifest read = read(sink);
        long walked = git.commitsWalked();
        long indexed = git.commitsIndexed();

        sink.write(List.of(at(route(20), read)), note(2), TrafficSplit.canary(10), TrafficSplit.canary(20));

        assertThat(git.commitsWalked() - walked).as("no walk of the file's own history").isZero();
        assertThat(git.commitsIndexed() - indexed).as("the backend's index walks to our commit and as far again")
                .isEqualTo(2 * (SINCE + 1));
        BusyMonorepo.commit(remote, SINCE);
        Manifest again = read(sink);
        walked = git.commitsWalked();
        sink.write(List.of(at(route(30), again)), note(3), TrafficSplit.canary(20), TrafficSplit.canary(30));
        assertThat(git.commitsWalked() - walked).as("the next step, the file as step 2 left it").isZero();
    }

    @ParameterizedTest(name = "{0} commits of history")
    @ValueSource(ints = {1_000})
    @DisplayName("a person's commit to the file after ours is still found, the walk stopping at ours")
    void personsCommitFound(int history) {
        BareRepository remote = BareRepository.create(dir);
        BusyMonorepo.commit(remote, history);
        CountingBackend git = counting(remote);
        GitManifestSink sink = GitManifestSink.builder(git).baseDir("apps").sleeper(d -> { }).build();
        sink.write(List.of(route(10)), note(1), TrafficSplit.canary(0), TrafficSplit.canary(10));
        BusyMonorepo.commit(remote, SINCE);
        String theirs = remote.commitAsPerson("Jane Doe", GitManifestSinkTest.PATH, t -> t + "  gateways: [mesh]\n",
                "Route through the mesh gateway");
        Manifest read = read(sink);
        long walked = git.commitsWalked();

        assertThatThrownBy(() -> sink.write(List.of(at(route(20), read)), note(2), TrafficSplit.canary(10),
                TrafficSplit.canary(20))).isInstanceOf(ConflictingChangeException.class)
                .hasMessageContaining(theirs.substring(0, 12));
        assertThat(git.commitsWalked() - walked).isEqualTo(SINCE + 2);
    }

    @Test
    @DisplayName("after a takeover, the checks of 40 rollouts' files walk the history once between them, and a person's commit to one is still found")
    void takeoverWalksOnce() {
        BareRepository remote = BareRepository.create(dir);
        BusyMonorepo.commit(remote, 1_000);
        GitManifestSink before = GitManifestSink.builder(counting(remote)).baseDir("apps").sleeper(d -> { }).build();
        int rollouts = 40;
        for (int i = 0; i < rollouts; i++) {
            before.write(List.of(routeOf("svc-" + i, 10)), noteOf("svc-" + i, 1), TrafficSplit.canary(0), TrafficSplit.canary(10));
            BusyMonorepo.commit(remote, SINCE);
        }
        String theirs = remote.commitAsPerson("Jane Doe", "apps/test/virtualservice-svc-7.yaml",
                t -> t + "  gateways: [mesh]\n", "Route svc-7 through the mesh gateway");
        CountingBackend git = counting(remote);
        GitManifestSink sink = GitManifestSink.builder(git).baseDir("apps").sleeper(d -> { }).build();
        long walked = git.commitsWalked();
        long indexed = git.commitsIndexed();

        List<String> conflicts = new ArrayList<>();
        for (int i = 0; i < rollouts; i++) {
            if (i != 7) {
                step2(sink, "svc-" + i, conflicts);
            }
        }
        long span = rollouts * (SINCE + 1L) + 1;
        assertThat(conflicts).as("no conflict on the 39 files nobody else touched").isEmpty();
        assertThat(git.commitsIndexed() - indexed).as("the index's walks for 39 files, against %d commits since the first one's last write", span)
                .isLessThanOrEqualTo(2 * span);
        assertThat(git.commitsWalked() - walked).as("no file's own history walked").isZero();

        step2(sink, "svc-7", conflicts);

        assertThat(conflicts).singleElement().asString().startsWith("svc-7: ").contains(theirs.substring(0, 12));
    }

    private static void step2(GitManifestSink sink, String service, List<String> conflicts) {
        Manifest read = sink.read(List.of(ref(service))).get(0);
        try {
            sink.write(List.of(at(routeOf(service, 20), read)), noteOf(service, 2), TrafficSplit.canary(10), TrafficSplit.canary(20));
        } catch (ConflictingChangeException e) {
            conflicts.add(service + ": " + e.getMessage());
        }
    }

    private static ResourceRef ref(String service) {
        return new ResourceRef("networking.istio.io/v1", "VirtualService", "test", service);
    }

    private static Manifest routeOf(String service, int canary) {
        return Manifest.parse("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata:
                  name: %s
                  namespace: test
                spec:
                  hosts: [%s]
                  http:
                  - name: stepwise
                    route:
                    - destination: {host: %s, subset: stable}
                      weight: %d
                    - destination: {host: %s, subset: canary}
                      weight: %d
                """.formatted(service, service, service, 100 - canary, service, canary));
    }

    private static StepNote noteOf(String service, int step) {
        return new StepNote("test/" + service, step, step, Decision.ADVANCE, "analysis passed", List.of(), GitManifestSinkTest.AT, false);
    }

    private static Manifest read(GitManifestSink sink) {
        return sink.read(List.of(GitManifestSinkTest.REF)).get(0);
    }

    private CountingBackend counting(BareRepository remote) {
        JGitBackend backend = JGitBackend.builder(remote.uri(), remote.newWorkingDir("clone"))
                .author(new PersonIdent("Stepwise", "stepwise@example.com")).syncReuse(Duration.ZERO).build();
        opened.add(backend);
        return new CountingBackend(backend, Clock.systemUTC());
    }
}
