package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.git.jgit.GitStateStoreTest.Samples;

import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.mesh.ManifestConflictException;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.mesh.istio.IstioMeshRenderer;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.StaleStateException;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.StoredRolloutJson;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.SimulatedMetricSource;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.VirtualScheduler;
import dev.stepwise.traffic.TrafficSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step's write-ahead state record and its split go to the remote in one push when the
 * {@link GitStateStore} and the {@link GitManifestSink} share a {@link JGitBackend}
 * ({@link GitStateStore#saveAhead}): two commits, each with its own message, the record's first;
 * on the remote together or not at all. Checked on a real bare repository whose every update of
 * {@code main} is logged (its reflog is the list of pushes).
 */
@DisplayName("A step's write-ahead record pushed with its split")
class WriteAheadWithSplitTest {

    private static final String ID = "test/podinfo";
    private static final String STATE_FILE = GitStateStore.DEFAULT_ROOT + "/" + ID + ".json";

    @TempDir
    Path dir;
    private BareRepository remote;
    private final List<JGitBackend> opened = new ArrayList<>();
    private final Map<String, TrafficSplit> inForce = new ConcurrentHashMap<>();
    private final IstioMeshRenderer renderer = IstioMeshRenderer.of(RouteTarget.builder("test", "podinfo").port(9898).build());

    @BeforeEach
    void createRepository() throws IOException {
        remote = BareRepository.create(dir);
        try (Git git = Git.open(bare().toFile())) {
            StoredConfig config = git.getRepository().getConfig();
            config.setString("core", null, "logAllRefUpdates", "always");
            config.save();
        }
    }

    @AfterEach
    void close() {
        opened.forEach(JGitBackend::close);
    }

    @Test
    @DisplayName("a canary's every step is one push of two commits, the record then the split: the remote never holds a record ahead of its split")
    void recordAndSplitInOnePush() {
        VirtualScheduler scheduler = VirtualScheduler.startingAt(GitOpsRollout.START);
        JGitBackend git = newClone(scheduler.clock());
        Map<TrafficSplit, Long> pushesAtVerified = new HashMap<>();
        try (RolloutEngine engine = RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler)
                .stateStore(GitStateStore.of(git)).listener(event -> {
                    if (event instanceof RolloutEvent.Verified verified) {
                        inForce.put(verified.id(), verified.split());
                        pushesAtVerified.put(verified.split(), git.counts().pushed());
                    }
                }).build()) {
            engine.register(definition(git, scheduler));
            scheduler.advance(Duration.ofHours(1));

            assertThat(engine.status(ID)).hasValueSatisfying(rec -> assertThat(rec.state().phase()).isEqualTo(Phase.SUCCEEDED));
        }
        // the step from 20% to 30%: the record with the split, then the commit's save (was 3 pushes)
        assertThat(pushesAtVerified.get(TrafficSplit.canary(30)) - pushesAtVerified.get(TrafficSplit.canary(20))).isEqualTo(2);

        List<BareRepository.Commit> history = remote.history();
        List<String> pushedHeads = reflog();
        int recordsAhead = 0;
        for (int i = 1; i < history.size(); i++) {
            BareRepository.Commit commit = history.get(i);
            Optional<TrafficSplit> ahead = splitAhead(commit);
            if (ahead.isEmpty()) {
                continue;
            }
            recordsAhead++;
            BareRepository.Commit child = history.get(i - 1);
            // the next commit is the split the record was written ahead of, and no push ended at the record
            assertThat(child.trailers()).containsEntry(AuditCommitMessage.SPLIT, ahead.get().toString());
            assertThat(pushedHeads).doesNotContain(commit.id()).contains(child.id());
        }
        // 0 → 10 → 20 → 30 → 40 → 50 and the promotion back to all stable
        assertThat(recordsAhead).isEqualTo(6);
    }

    @Test
    @DisplayName("a record whose version is stale takes the split down with it: neither is pushed, and nothing is left behind")
    void staleRecordStopsItsSplit() {
        OneBackend one = oneBackend();
        GitStateStore store = one.store();
        MeshTrafficRouter router = one.router();
        router.reconcile();
        StoredRollout saved = store.save(Samples.simple(ID), 0);
        String head = remote.history().get(0).id();

        assertThatThrownBy(() -> store.saveAhead(Samples.rich(ID), saved.version() - 1, router,
                () -> router.apply(TrafficSplit.canary(10), Samples.rich(ID).note())))
                .isInstanceOf(StaleStateException.class);

        assertThat(remote.history().get(0).id()).isEqualTo(head);
        assertThat(router.current()).isEqualTo(TrafficSplit.allStable());
        assertThat(store.load(ID)).hasValueSatisfying(rec -> assertThat(rec.version()).isEqualTo(saved.version()));
    }

    @Test
    @DisplayName("an apply that fails before its push saves the record alone and throws the apply's failure; one that pushes nothing saves it after")
    void recordSavedAloneWhenTheSplitIsNotPushed() {
        OneBackend one = oneBackend();
        GitStateStore store = one.store();
        MeshTrafficRouter router = one.router();
        ManifestConflictException refused = new ManifestConflictException(renderer.resources().get(0), "changed by someone");

        assertThatThrownBy(() -> store.saveAhead(Samples.simple(ID), 0, router, () -> {
            throw refused;
        })).isSameAs(refused);
        assertThat(store.load(ID)).hasValueSatisfying(rec -> assertThat(rec.version()).isEqualTo(1));
        assertThat(remote.history().get(0).subject()).isEqualTo("Save rollout " + ID + " at version 1");

        StoredRollout second = store.saveAhead(Samples.rich(ID), 1, router, () -> { });
        assertThat(second.version()).isEqualTo(2);
        assertThat(store.load(ID)).hasValueSatisfying(rec -> assertThat(rec.version()).isEqualTo(2));
    }

    @Test
    @DisplayName("a router on another repository, or proposing pull requests, gets the record saved first, alone")
    void otherRepositorySavesFirst() {
        JGitBackend git = newClone(Clock.systemUTC());
        GitStateStore store = GitStateStore.of(git);
        MeshTrafficRouter elsewhere = MeshTrafficRouter.of(renderer, GitManifestSink.of(newClone(Clock.systemUTC())));
        MeshTrafficRouter proposing = MeshTrafficRouter.of(renderer,
                GitManifestSink.builder(git).delivery(GitManifestSink.Delivery.PULL_REQUEST).build());
        List<Long> storedWhenApplied = new ArrayList<>();

        store.saveAhead(Samples.simple(ID), 0, elsewhere,
                () -> storedWhenApplied.add(GitStateStore.of(newClone(Clock.systemUTC())).load(ID).orElseThrow().version()));
        store.saveAhead(Samples.rich(ID), 1, proposing,
                () -> storedWhenApplied.add(GitStateStore.of(newClone(Clock.systemUTC())).load(ID).orElseThrow().version()));

        assertThat(elsewhere.repository()).isPresent().get().isNotSameAs(git);
        assertThat(proposing.repository()).isEmpty();
        assertThat(storedWhenApplied).containsExactly(1L, 2L);
    }

    /** A state store and a router pushing to one backend, as in GitOps mode. */
    private record OneBackend(GitStateStore store, MeshTrafficRouter router) {
    }

    private OneBackend oneBackend() {
        JGitBackend git = newClone(Clock.systemUTC());
        return new OneBackend(GitStateStore.of(git), MeshTrafficRouter.of(renderer, GitManifestSink.of(git)));
    }

    /** The split a record at {@code commit} was written ahead of, when it is a state save of a step not applied yet. */
    private Optional<TrafficSplit> splitAhead(BareRepository.Commit commit) {
        if (!commit.subject().startsWith("Save rollout " + ID)) {
            return Optional.empty();
        }
        StoredRollout rec = StoredRolloutJson.fromJson(remote.file(commit.id(), STATE_FILE).orElseThrow());
        return rec.pending().stream().filter(a -> !(a instanceof Action.Emit)).findFirst()
                .filter(Action.SetTraffic.class::isInstance).map(a -> ((Action.SetTraffic) a).split());
    }

    /** Every commit {@code main} pointed to after a push, from the bare repository's reflog. */
    private List<String> reflog() {
        try {
            return Files.readAllLines(bare().resolve("logs/refs/heads/main")).stream().map(line -> line.split(" ")[1])
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path bare() {
        return dir.resolve("remote.git");
    }

    /** A healthy canary (v2 deployed) routed through a sink on {@code git}. */
    private RolloutDefinition definition(JGitBackend git, VirtualScheduler scheduler) {
        InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
        workload.deploy("v2");
        GitManifestSink sink = GitManifestSink.builder(git).baseDir("apps").build();
        return RolloutDefinition.builder("test", "podinfo").strategy(GitOpsRollout.canary())
                .router(MeshTrafficRouter.of(renderer, sink, MeshTrafficRouter.DEFAULT_CONFLICT_ATTEMPTS, scheduler.clock()))
                .workload(workload).metrics(SimulatedMetricSource.of(SimulatedService.ofDefaults(),
                        () -> inForce.getOrDefault(ID, TrafficSplit.allStable())))
                .build();
    }

    private JGitBackend newClone(Clock clock) {
        JGitBackend backend = JGitBackend.builder(remote.uri(), remote.newWorkingDir("clone"))
                .author(new PersonIdent("Stepwise", "stepwise@example.com")).clock(clock).build();
        opened.add(backend);
        return backend;
    }
}
