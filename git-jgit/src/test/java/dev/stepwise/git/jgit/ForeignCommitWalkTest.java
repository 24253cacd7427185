package dev.stepwise.git.jgit;

import static dev.stepwise.git.jgit.GitManifestSinkTest.at;
import static dev.stepwise.git.jgit.GitManifestSinkTest.note;
import static dev.stepwise.git.jgit.GitManifestSinkTest.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.mesh.Manifest;
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
    @DisplayName("after a restart (no commit of ours known) the check stops at the newest commit to the file, ours")
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

        sink.write(List.of(at(route(20), read)), note(2), TrafficSplit.canary(10), TrafficSplit.canary(20));

        assertThat(git.commitsWalked() - walked).isEqualTo(SINCE + 1);
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
