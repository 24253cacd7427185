package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.gitops.GitBackend;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.ManifestConflictException;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.rollout.Decision;
import dev.stepwise.spi.ConflictingChangeException;
import dev.stepwise.spi.StepNote;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink on a real {@link JGitBackend} and a real bare repository; every check reads the remote with plain JGit. */
@DisplayName("GitManifestSink")
class GitManifestSinkTest {

    static final String PATH = "apps/test/virtualservice-podinfo.yaml";
    static final ResourceRef REF = new ResourceRef("networking.istio.io/v1", "VirtualService", "test", "podinfo");
    static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;
    private BareRepository remote;
    private JGitBackend backend;
    private final List<Duration> sleeps = new ArrayList<>();

    @BeforeEach
    void createRepository() {
        remote = BareRepository.create(dir);
        // every sync fetches: these tests read right after a person's push and expect to see it
        backend = JGitBackend.builder(remote.uri(), remote.newWorkingDir("stepwise")).syncReuse(Duration.ZERO).build();
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    private GitManifestSinkBuilder sink() {
        return GitManifestSink.builder(backend).baseDir("apps").sleeper(sleeps::add);
    }

    static Manifest route(int canary) {
        return Manifest.parse("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata:
                  name: podinfo
                  namespace: test
                spec:
                  hosts: [podinfo]
                  http:
                  - name: stepwise
                    route:
                    - destination: {host: podinfo, subset: stable}
                      weight: %d
                    - destination: {host: podinfo, subset: canary}
                      weight: %d
                """.formatted(100 - canary, canary));
    }

    /** The note of step {@code step} of test/podinfo, written ahead at the same store version. */
    static StepNote note(int step) {
        return new StepNote("test/podinfo", step, step, Decision.ADVANCE, "analysis passed", List.of(), AT, false);
    }

    /** {@code manifest} as read back: at the blob id {@code read} gave it. */
    static Manifest at(Manifest manifest, Manifest read) {
        ObjectNode json = manifest.json();
        json.withObjectProperty("metadata").put("resourceVersion", read.resourceVersion());
        return Manifest.of(json);
    }

    @Test
    @DisplayName("writes each resource at <baseDir>/<namespace>/<kind>-<name>.yaml as its YAML, without the fields a server owns")
    void writesTheYamlWithoutServerFields() {
        ObjectNode json = route(10).json();
        json.withObjectProperty("metadata").put("uid", "3f1c").put("resourceVersion", "").put("generation", 4)
                .put("creationTimestamp", "2026-01-01T00:00:00Z");
        json.withObjectProperty("status").put("observedGeneration", 4);
        json.withObjectProperty("metadata").remove("resourceVersion");

        sink().build().write(List.of(Manifest.of(json)), note(1), TrafficSplit.canary(0), TrafficSplit.canary(10));

        assertThat(remote.fileAtHead(PATH)).contains(route(10).toYaml());
        assertThat(remote.fileAtHead(PATH).orElseThrow()).doesNotContain("uid", "generation", "creationTimestamp",
                "status", "resourceVersion");
        assertThat(remote.history().get(0).subject()).isEqualTo("test/podinfo: canary 0% -> 10% (advance)");
    }

    @Test
    @DisplayName("reads each resource with its file's blob id as resourceVersion, which never reaches the file")
    void readsWithTheBlobIdAsResourceVersion() {
        GitManifestSink sink = sink().build();
        sink.write(List.of(route(10)), note(1), TrafficSplit.canary(0), TrafficSplit.canary(10));

        Manifest read = sink.read(List.of(REF)).get(0);
        sink.write(List.of(at(route(20), read)), note(2), TrafficSplit.canary(10), TrafficSplit.canary(20));

        assertThat(read.resourceVersion()).matches("[0-9a-f]{40}");
        assertThat(remote.fileAtHead(PATH)).contains(route(20).toYaml());
        assertThat(sink.read(List.of(REF)).get(0).resourceVersion()).isNotEqualTo(read.resourceVersion());
    }

    @Test
    @DisplayName("a resource without a file is absent from read, and only that one")
    void absentFilesAreNotRead() {
        GitManifestSink sink = sink().build();
        sink.write(List.of(route(10)), note(1), TrafficSplit.canary(0), TrafficSplit.canary(10));
        ResourceRef rule = new ResourceRef("networking.istio.io/v1", "DestinationRule", "test", "podinfo");

        assertThat(sink.read(List.of(rule, REF))).extracting(Manifest::ref).containsExactly(REF);
    }

    @Test
    @DisplayName("a write at a blob id that is no longer the file's is a ManifestConflictException, and nothing is committed")
    void staleBlobIsAConflict() {
        GitManifestSink sink = sink().build();
        sink.write(List.of(route(10)), note(1), TrafficSplit.canary(0), TrafficSplit.canary(10));
        Manifest read = sink.read(List.of(REF)).get(0);
        sink.write(List.of(at(route(20), read)), note(2), TrafficSplit.canary(10), TrafficSplit.canary(20));
        int commits = remote.history().size();

        assertThatThrownBy(() -> sink.write(List.of(at(route(30), read)), note(3), TrafficSplit.canary(20), TrafficSplit.canary(30)))
                .isInstanceOf(ManifestConflictException.class).hasMessageContaining(PATH);
        assertThat(remote.history()).hasSize(commits);
    }

    @Test
    @DisplayName("creating a file that exists is a ManifestConflictException")
    void createOverAnExistingFileIsAConflict() {
        GitManifestSink sink = sink().build();
        sink.write(List.of(route(10)), note(1), TrafficSplit.canary(0), TrafficSplit.canary(10));

        assertThatThrownBy(() -> sink.write(List.of(route(20)), note(2), TrafficSplit.canary(10), TrafficSplit.canary(20)))
                .isInstanceOf(ManifestConflictException.class).hasMessageContaining("absent as read");
    }

    @Test
    @DisplayName("a push rejected because another writer pushed elsewhere is committed again on the new head after a backoff")
    void rejectedPushIsCommittedAgain() {
        GitManifestSink sink = sink().build();
        sink.write(List.of(route(10)), note(1), TrafficSplit.canary(0), TrafficSplit.canary(10));
        Manifest read = sink.read(List.of(REF)).get(0);
        String[] theirs = new String[1];
        // another writer pushes right after the write's sync, before its push
        GitManifestSink racing = GitManifestSink.builder(new InterferingBackend(backend, 1, () -> theirs[0] = remote
                .commitAsPerson("Jane Doe", "apps/test/configmap-other.yaml", t -> "x: 1\n", "Another app")))
                .baseDir("apps").sleeper(sleeps::add).build();

        racing.write(List.of(at(route(20), read)), note(2), TrafficSplit.canary(10), TrafficSplit.canary(20));

        assertThat(sleeps).containsExactly(GitManifestSink.DEFAULT_INITIAL_BACKOFF);
        List<BareRepository.Commit> history = remote.history();
        assertThat(history.get(0).subject()).isEqualTo("test/podinfo: canary 10% -> 20% (advance)");
        assertThat(history.get(1).id()).isEqualTo(theirs[0]);
        assertThat(remote.fileAtHead(PATH)).contains(route(20).toYaml());
    }

    @Test
    @DisplayName("while other writers keep moving the branch, it waits a doubling backoff between pushes, then gives up with PushRejectedException")
    void lastingRejectionsBackOffThenGiveUp() {
        int[] theirs = {0};
        GitBackend interfering = new InterferingBackend(backend, 100, () -> remote.commitAsPerson("Jane Doe",
                "apps/test/configmap-other.yaml", t -> "x: " + theirs[0]++ + "\n", "Another app"));
        GitManifestSink sink = GitManifestSink.builder(interfering).baseDir("apps").sleeper(sleeps::add)
                .pushAttempts(4).initialBackoff(Duration.ofMillis(100)).build();

        assertThatThrownBy(() -> sink.write(List.of(route(10)))).isInstanceOfSatisfying(PushRejectedException.class,
                e -> assertThat(e.attempts()).isEqualTo(4)).hasMessageContaining("rejected 4 times");
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(remote.fileAtHead(PATH)).isEmpty();
    }

    @Test
    @DisplayName("when another user of the working copy commits between its sync and its commit, it syncs and commits again at once, without a wait")
    void staleHeadIsRetriedAtOnce() {
        GitBackend interfering = new InterferingBackend(backend, 1, () -> backend.commit(
                java.util.Map.of("apps/other.txt", java.util.Optional.of("x\n")),
                new dev.stepwise.gitops.CommitMessage("A state store's commit", "", java.util.Map.of()), backend.sync()));
        GitManifestSink sink = GitManifestSink.builder(interfering).baseDir("apps").sleeper(sleeps::add).build();

        sink.write(List.of(route(10)));

        assertThat(sleeps).isEmpty();
        assertThat(remote.fileAtHead(PATH)).contains(route(10).toYaml());
    }

    @Test
    @DisplayName("with one push attempt, a rejected push is a PushRejectedException and the remote keeps only their commit")
    void pushAttemptsAreBounded() {
        GitManifestSink sink = sink().build();
        sink.write(List.of(route(10)), note(1), TrafficSplit.canary(0), TrafficSplit.canary(10));
        Manifest read = sink.read(List.of(REF)).get(0);
        String[] theirs = new String[1];
        GitManifestSink racing = GitManifestSink.builder(new InterferingBackend(backend, 1, () -> theirs[0] = remote
                .commitAsPerson("Jane Doe", "apps/test/configmap-other.yaml", t -> "x: 1\n", "Another app")))
                .baseDir("apps").sleeper(sleeps::add).pushAttempts(1).build();

        assertThatThrownBy(() -> racing.write(List.of(at(route(20), read)), note(2), TrafficSplit.canary(10), TrafficSplit.canary(20)))
                .isInstanceOf(PushRejectedException.class).hasMessageContaining("rejected once");
        assertThat(remote.history().get(0).id()).isEqualTo(theirs[0]);
        assertThat(sleeps).isEmpty();
    }

    @Test
    @DisplayName("a person's commit to the file mid-rollout is a ConflictingChangeException naming it, until an operator overrides it")
    void personsCommitMidRollout() {
        GitManifestSink sink = sink().build();
        sink.write(List.of(route(10)), note(1), TrafficSplit.canary(0), TrafficSplit.canary(10));
        String theirs = remote.commitAsPerson("Jane Doe", PATH, t -> t + "  gateways: [mesh]\n", "Route through the mesh gateway");
        Manifest read = sink.read(List.of(REF)).get(0);

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> sink.write(List.of(at(route(20), read)), note(2), TrafficSplit.canary(10), TrafficSplit.canary(20)))
                    .isInstanceOf(ConflictingChangeException.class).hasMessageContaining(PATH)
                    .hasMessageContaining(theirs.substring(0, 12)).hasMessageContaining("Jane Doe");
        }
        assertThat(remote.history().get(0).id()).isEqualTo(theirs);

        sink.write(List.of(at(route(20), read)), note(2).overridingConflict(), TrafficSplit.canary(10), TrafficSplit.canary(20));

        assertThat(remote.history().get(1).id()).isEqualTo(theirs);
        assertThat(remote.history().get(0).trailers()).containsEntry("Stepwise-Step", "2");
        assertThat(remote.history().get(0).message()).contains("Override: written over a change made outside Stepwise");
    }

    @Test
    @DisplayName("a change outside a rollout (a route released by hand) is not stopped by a person's commit")
    void unattributedChangesAreNotChecked() {
        GitManifestSink sink = sink().build();
        sink.write(List.of(route(10)), note(1), TrafficSplit.canary(0), TrafficSplit.canary(10));
        remote.commitAsPerson("Jane Doe", PATH, t -> t + "  gateways: [mesh]\n", "Route through the mesh gateway");
        Manifest read = sink.read(List.of(REF)).get(0);

        sink.write(List.of(at(route(0), read)), StepNote.outsideRollout("route released", AT),
                TrafficSplit.canary(10), TrafficSplit.allStable());

        assertThat(remote.history().get(0).subject()).isEqualTo("test/podinfo: canary 10% -> 0% (route released)");
    }

    @Test
    @DisplayName("a person's commit to the file between rollouts (all traffic on stable) is the new baseline, not a conflict")
    void personsCommitBetweenRollouts() {
        GitManifestSink sink = sink().build();
        sink.write(List.of(route(10)), note(1), TrafficSplit.canary(0), TrafficSplit.canary(10));
        sink.write(List.of(at(route(0), sink.read(List.of(REF)).get(0))), note(2), TrafficSplit.canary(10), TrafficSplit.canary(0));
        remote.commitAsPerson("Jane Doe", PATH, t -> t + "  gateways: [mesh]\n", "Route through the mesh gateway");

        sink.write(List.of(at(route(10), sink.read(List.of(REF)).get(0))), note(3), TrafficSplit.canary(0), TrafficSplit.canary(10));

        assertThat(remote.history().get(0).trailers()).containsEntry("Stepwise-Step", "3");
    }

    @Test
    @DisplayName("with pull requests, each step goes to stepwise/<namespace>-<name>/<step>; main moves only when a person merges")
    void pullRequestFlow() {
        GitManifestSink sink = sink().delivery(GitManifestSink.Delivery.PULL_REQUEST).build();
        sink.write(List.of(route(10)), note(4), TrafficSplit.canary(0), TrafficSplit.canary(10));

        assertThat(remote.branches()).containsExactly("main", "stepwise/test-podinfo/4");
        assertThat(remote.fileAtHead(PATH)).isEmpty();
        assertThat(sink.read(List.of(REF))).isEmpty();

        remote.mergeAsPerson("Rita Reviewer", "stepwise/test-podinfo/4");

        assertThat(sink.read(List.of(REF))).hasSize(1);
        assertThat(remote.fileAtHead(PATH)).contains(route(10).toYaml());
    }

    @Test
    @DisplayName("with pull requests, a step whose branch already holds another change is a PushRejectedException naming the branch")
    void pullRequestBranchTaken() {
        GitManifestSink sink = sink().delivery(GitManifestSink.Delivery.PULL_REQUEST).build();
        sink.write(List.of(route(10)), note(4), TrafficSplit.canary(0), TrafficSplit.canary(10));

        assertThatThrownBy(() -> sink.write(List.of(route(20)), note(4), TrafficSplit.canary(0), TrafficSplit.canary(20)))
                .isInstanceOf(PushRejectedException.class).hasMessageContaining("stepwise/test-podinfo/4");
    }

    @Test
    @DisplayName("a custom layout puts files where it says; it may not be set along with baseDir")
    void customLayout() {
        GitManifestSink sink = GitManifestSink.builder(backend).paths(ref -> "clusters/prod/" + ref.name() + ".yaml").build();
        sink.write(List.of(route(10)), note(1), TrafficSplit.canary(0), TrafficSplit.canary(10));

        assertThat(remote.fileAtHead("clusters/prod/podinfo.yaml")).isPresent();
        assertThatThrownBy(() -> GitManifestSink.builder(backend).baseDir("apps").paths(ref -> "x.yaml"))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> GitManifestSink.builder(backend).baseDir("../apps"))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    @DisplayName("a layout giving a path outside the repository fails loudly, naming the resource")
    void layoutOutsideTheRepository() {
        GitManifestSink sink = GitManifestSink.builder(backend).paths(ref -> "../" + ref.name() + ".yaml").build();

        assertThatThrownBy(() -> sink.write(List.of(route(10)), note(1), TrafficSplit.canary(0), TrafficSplit.canary(10)))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("VirtualService test/podinfo");
    }

    @Test
    @DisplayName("a file holding another resource than its path says fails loudly, naming the path")
    void fileHoldingAnotherResource() {
        remote.commitAsPerson("Jane Doe", PATH, t -> route(10).toYaml().replace("name: podinfo", "name: other"), "Oops");

        assertThatThrownBy(() -> sink().build().read(List.of(REF)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(PATH).hasMessageContaining("test/other");
    }
}
