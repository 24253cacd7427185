package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.git.jgit.GitStateStoreTest.Samples;

import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.engine.RolloutListener;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.mesh.istio.IstioMeshRenderer;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.StaleStateException;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.Verification;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.SimulatedMetricSource;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.VirtualClock;
import dev.stepwise.testkit.VirtualScheduler;
import dev.stepwise.traffic.TrafficSplit;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one engine step costs in round trips to the Git remote, over a real {@link JGitBackend} on a
 * bare repository: the rollout's state in a {@link GitStateStore} and its route in a
 * {@link GitManifestSink}, sharing one working copy as in GitOps mode. A sync fetches unless the
 * head was confirmed (fetched, or our push accepted) within the backend's reuse window.
 */
@DisplayName("Git fetches per step")
class GitFetchesPerStepTest {

    @TempDir
    Path dir;
    private BareRepository remote;
    private final List<JGitBackend> opened = new ArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();
    private final Map<String, TrafficSplit> inForce = new ConcurrentHashMap<>();
    private final IstioMeshRenderer renderer = IstioMeshRenderer.of(RouteTarget.builder("test", "podinfo").port(9898).build());

    @BeforeEach
    void createRepository() {
        remote = BareRepository.create(dir);
    }

    @AfterEach
    void close() {
        opened.forEach(JGitBackend::close);
    }

    @Test
    @DisplayName("a step of a canary (load, write ahead, apply, verify, commit) fetches once and pushes 3 times")
    void engineStep() {
        int[] step = step(JGitBackendBuilder.DEFAULT_SYNC_REUSE);
        // Fetches: the load, the first read of a tick (an interval after the last push). The route's
        // read, the verify and the commit's save reuse the head the write-ahead and route pushes confirmed.
        assertThat(step[0]).isEqualTo(1);
        // Pushes: the write-ahead save, the route's change, the commit's save. CountingBackend does not
        // carry changes (GitBackend#carry), so the record goes out alone; on a JGitBackend itself it
        // rides with the route's push, 2 pushes a step (WriteAheadWithSplitTest).
        assertThat(step[1]).isEqualTo(3);
        assertThat(sleeps).isEmpty();
    }

    @Test
    @DisplayName("with syncReuse 0 a step fetches 4 times: the load and each of the 3 publishes (write-ahead, route, commit); the route's read before its write fetches nothing")
    void engineStepWithoutReuse() {
        int[] step = step(Duration.ZERO);
        // 3 before group commit, when a save and a write committed on the head their store or sink last
        // saw; a publish now syncs once for its whole batch, so per tick it is one fetch for all rollouts.
        // 5 before the route's read for its write answered at the head last fetched or pushed (readForWrite).
        assertThat(step[0]).isEqualTo(4);
        assertThat(step[1]).isEqualTo(3);
        assertThat(sleeps).isEmpty();
    }

    @Test
    @DisplayName("three rollouts stepping in the same tick on one repository fetch once per tick together")
    void oneFetchPerTick() {
        VirtualScheduler scheduler = VirtualScheduler.startingAt(GitOpsRollout.START);
        CountingBackend git = counting(newClone(scheduler, JGitBackendBuilder.DEFAULT_SYNC_REUSE), scheduler.clock());
        GitManifestSink sink = GitManifestSink.builder(git).baseDir("apps").sleeper(sleeps::add).build();
        List<String> services = List.of("podinfo", "frontend", "backend");
        try (RolloutEngine engine = engine(scheduler, GitStateStore.builder(git).sleeper(sleeps::add).build(), e -> { })) {
            services.forEach(service -> engine.register(definition(service, sink, scheduler, new InMemoryWorkload[1])));
            scheduler.advance(Duration.ofHours(1));

            services.forEach(service -> assertThat(engine.status("test/" + service)).hasValueSatisfying(
                    rec -> assertThat(rec.state().phase()).isEqualTo(Phase.SUCCEEDED)));
        }
        Map<Instant, Long> perTick = git.fetchedAt().stream().collect(Collectors.groupingBy(t -> t, Collectors.counting()));
        assertThat(perTick.values()).allMatch(fetches -> fetches == 1);
        // 5 steps and a promotion, each verified an interval after the last: about one fetch per interval
        assertThat(perTick).hasSizeLessThanOrEqualTo(16);
        assertThat(sleeps).isEmpty();
    }

    @Test
    @DisplayName("a finished rollout fetches at most once and pushes nothing over 10 intervals, and still starts again on a new revision")
    void finishedRolloutCostsNothing() {
        VirtualScheduler scheduler = VirtualScheduler.startingAt(GitOpsRollout.START);
        CountingBackend git = counting(newClone(scheduler, JGitBackendBuilder.DEFAULT_SYNC_REUSE), scheduler.clock());
        GitManifestSink sink = GitManifestSink.builder(git).baseDir("apps").sleeper(sleeps::add).build();
        InMemoryWorkload[] workload = new InMemoryWorkload[1];
        try (RolloutEngine engine = engine(scheduler, GitStateStore.builder(git).sleeper(sleeps::add).build(), e -> { })) {
            engine.register(definition("podinfo", sink, scheduler, workload));
            scheduler.advance(Duration.ofHours(1));
            assertThat(engine.status("test/podinfo")).hasValueSatisfying(
                    rec -> assertThat(rec.state().phase()).isEqualTo(Phase.SUCCEEDED));
            int fetches = git.fetches();
            int pushes = git.pushes();

            scheduler.advance(GitOpsRollout.INTERVAL.multipliedBy(10));

            // one reload from the store per Reconciler.ENDED_RELOAD (10 minutes), for commands stored elsewhere
            assertThat(git.fetches() - fetches).isLessThanOrEqualTo(1);
            assertThat(git.pushes() - pushes).isZero();

            workload[0].deploy("v3");
            scheduler.advance(GitOpsRollout.INTERVAL.plusSeconds(1));
            assertThat(engine.status("test/podinfo")).hasValueSatisfying(
                    rec -> assertThat(rec.state().revision()).isEqualTo("v3"));
        }
    }

    /** Fetches and pushes between the verifications of 20% and 30%: one reconcile, the step from 20% to 30%. */
    private int[] step(Duration syncReuse) {
        VirtualScheduler scheduler = VirtualScheduler.startingAt(GitOpsRollout.START);
        CountingBackend git = counting(newClone(scheduler, syncReuse), scheduler.clock());
        GitManifestSink sink = GitManifestSink.builder(git).baseDir("apps").sleeper(sleeps::add).build();
        Map<TrafficSplit, int[]> atVerified = new HashMap<>();
        RolloutListener listener = event -> {
            if (event instanceof RolloutEvent.Verified verified) {
                atVerified.put(verified.split(), new int[] {git.fetches(), git.pushes()});
            }
        };
        try (RolloutEngine engine = engine(scheduler, GitStateStore.builder(git).sleeper(sleeps::add).build(), listener)) {
            engine.register(definition("podinfo", sink, scheduler, new InMemoryWorkload[1]));
            scheduler.advance(Duration.ofHours(1));

            assertThat(engine.status("test/podinfo")).hasValueSatisfying(
                    rec -> assertThat(rec.state().phase()).isEqualTo(Phase.SUCCEEDED));
        }
        int[] before = atVerified.get(TrafficSplit.canary(20));
        int[] after = atVerified.get(TrafficSplit.canary(30));
        return new int[] {after[0] - before[0], after[1] - before[1]};
    }

    /** An engine on virtual time; the split each rollout's data plane shows is the one last verified. */
    private RolloutEngine engine(VirtualScheduler scheduler, StateStore store, RolloutListener listener) {
        return RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler).stateStore(store).listener(event -> {
            if (event instanceof RolloutEvent.Verified verified) {
                inForce.put(verified.id(), verified.split());
            }
            listener.onEvent(event);
        }).build();
    }

    /** A healthy canary of {@code service} (v2 deployed) through {@code sink}; its workload goes in {@code workload[0]}. */
    private RolloutDefinition definition(String service, GitManifestSink sink, VirtualScheduler scheduler,
                                         InMemoryWorkload[] workload) {
        workload[0] = InMemoryWorkload.ofDefaults();
        workload[0].deploy("v2");
        IstioMeshRenderer routes = IstioMeshRenderer.of(RouteTarget.builder("test", service).port(9898).build());
        return RolloutDefinition.builder("test", service).strategy(GitOpsRollout.canary())
                .router(MeshTrafficRouter.of(routes, sink, MeshTrafficRouter.DEFAULT_CONFLICT_ATTEMPTS, scheduler.clock()))
                .workload(workload[0]).metrics(SimulatedMetricSource.of(SimulatedService.ofDefaults(),
                        () -> inForce.getOrDefault("test/" + service, TrafficSplit.allStable())))
                .build();
    }

    @Test
    @DisplayName("a route's apply and verify fetch once; a verify within the reuse window reuses it, one after it fetches")
    void applyAndVerify() {
        VirtualClock clock = VirtualClock.startingAt(GitOpsRollout.START);
        CountingBackend git = counting(newClone(clock, JGitBackendBuilder.DEFAULT_SYNC_REUSE), clock);
        MeshTrafficRouter router = MeshTrafficRouter.of(renderer, GitManifestSink.builder(git).sleeper(sleeps::add).build());
        router.reconcile();
        router.verify(TrafficSplit.allStable());
        clock.advance(Duration.ofMinutes(1));
        int fetches = git.fetches();

        router.apply(TrafficSplit.canary(10));

        assertThat(router.verify(TrafficSplit.canary(10))).isEqualTo(Verification.VERIFIED);
        assertThat(git.fetches() - fetches).isEqualTo(1);
        // the push confirmed the head: a read within the window needs no fetch
        assertThat(router.verify(TrafficSplit.canary(10))).isEqualTo(Verification.VERIFIED);
        assertThat(git.fetches() - fetches).isEqualTo(1);
        // past the window, a person may have pushed since
        clock.advance(JGitBackendBuilder.DEFAULT_SYNC_REUSE);
        assertThat(router.verify(TrafficSplit.canary(10))).isEqualTo(Verification.VERIFIED);
        assertThat(git.fetches() - fetches).isEqualTo(2);
    }

    @Test
    @DisplayName("a verify after a person's push fetches it once the reuse window has passed: PENDING when they changed the route")
    void personsPushIsSeen() {
        VirtualClock clock = VirtualClock.startingAt(GitOpsRollout.START);
        GitManifestSink sink = GitManifestSink.builder(newClone(clock, JGitBackendBuilder.DEFAULT_SYNC_REUSE))
                .sleeper(sleeps::add).build();
        MeshTrafficRouter router = MeshTrafficRouter.of(renderer, sink);
        router.apply(TrafficSplit.canary(10));
        router.verify(TrafficSplit.canary(10));

        MeshTrafficRouter person = MeshTrafficRouter.of(renderer, GitManifestSink.of(newClone(clock, Duration.ZERO)));
        person.apply(TrafficSplit.canary(40));
        clock.advance(JGitBackendBuilder.DEFAULT_SYNC_REUSE);

        assertThat(router.verify(TrafficSplit.canary(10))).isEqualTo(Verification.PENDING);
        assertThat(router.current()).isEqualTo(TrafficSplit.canary(40));
    }

    @Test
    @DisplayName("a write on a reused head is still a compare-and-set: its push is rejected, the next sync fetches, their commit stays")
    void reusedHeadNeverOverwrites() {
        VirtualClock clock = VirtualClock.startingAt(GitOpsRollout.START);
        CountingBackend git = counting(newClone(clock, JGitBackendBuilder.DEFAULT_SYNC_REUSE), clock);
        MeshTrafficRouter router = MeshTrafficRouter.of(renderer, GitManifestSink.builder(git).sleeper(sleeps::add).build());
        router.apply(TrafficSplit.canary(10));
        String theirs = remote.commitAsPerson("Jane Doe", "apps/other/app.yaml", t -> "x: 1\n", "Another app");
        int fetches = git.fetches();

        router.apply(TrafficSplit.canary(20));

        // the read reused the head our push confirmed; the commit on it was rejected; one fetch, then pushed on theirs
        assertThat(git.fetches() - fetches).isEqualTo(1);
        assertThat(remote.history().get(1).id()).isEqualTo(theirs);
        assertThat(MeshTrafficRouter.of(renderer, GitManifestSink.of(newClone(clock, Duration.ZERO))).current())
                .isEqualTo(TrafficSplit.canary(20));
        assertThat(sleeps).hasSize(1);
    }

    @Test
    @DisplayName("a route rendered from a head a person's push has left is refused at the commit, read again after a fetch and written over their edit, which stays")
    void staleReadForWriteIsAConflictNotALoss() {
        VirtualClock clock = VirtualClock.startingAt(GitOpsRollout.START);
        CountingBackend git = counting(newClone(clock, JGitBackendBuilder.DEFAULT_SYNC_REUSE), clock);
        MeshTrafficRouter router = MeshTrafficRouter.of(renderer, GitManifestSink.builder(git).sleeper(sleeps::add).build());
        router.apply(TrafficSplit.canary(10));
        String path = "virtualservice-podinfo.yaml";
        String file = remote.history().get(0).id();
        String theirs = remote.commitAsPerson("Jane Doe", "test/" + path, t -> t + "  gateways: [mesh]\n",
                "Route podinfo through the mesh gateway");
        int fetches = git.fetches();

        router.apply(TrafficSplit.canary(20));

        // the first render came from our own pushed head (no fetch); its commit was refused, the read after it fetched
        assertThat(git.fetches() - fetches).isEqualTo(1);
        assertThat(remote.history().get(1).id()).isEqualTo(theirs);
        assertThat(remote.history().get(2).id()).isEqualTo(file);
        assertThat(remote.fileAtHead("test/" + path)).hasValueSatisfying(
                yaml -> assertThat(yaml).contains("gateways:").contains("weight: 20"));
    }

    @Test
    @DisplayName("a state load followed by a save fetches once; a save after the store's own save fetches nothing")
    void loadThenSave() {
        CountingBackend git = counting(stillClone(), STILL);
        GitStateStore store = GitStateStore.builder(git).sleeper(sleeps::add).build();

        assertThat(store.load("test/podinfo")).isEmpty();
        StoredRollout first = store.save(Samples.simple("test/podinfo"), 0);
        store.save(first, 1);

        assertThat(git.fetches()).isEqualTo(1);
        assertThat(git.pushes()).isEqualTo(2);
        assertThat(store(newClone()).load("test/podinfo")).hasValueSatisfying(r -> assertThat(r.version()).isEqualTo(2));
    }

    @Test
    @DisplayName("a save on a reused head the remote has left is rejected once, waits one backoff, fetches, and still refuses a stale version")
    void knownHeadOutdatedBySameRollout() {
        GitStateStore store = store(stillClone());
        GitStateStore other = store(newClone());
        assertThat(store.load("test/podinfo")).isEmpty();
        other.save(Samples.simple("test/podinfo"), 0);

        assertThatThrownBy(() -> store.save(Samples.rich("test/podinfo"), 0))
                .isInstanceOfSatisfying(StaleStateException.class, e -> assertThat(e.actual()).isEqualTo(1));
        assertThat(sleeps).containsExactly(GitStateStore.DEFAULT_INITIAL_BACKOFF);
    }

    @Test
    @DisplayName("a save on a reused head the remote has left for another rollout is rejected once, waits one backoff, fetches and saves")
    void knownHeadOutdatedByOtherRollout() {
        CountingBackend git = counting(stillClone(), STILL);
        GitStateStore store = store(git);
        GitStateStore other = store(newClone());
        assertThat(store.load("test/podinfo")).isEmpty();
        other.save(Samples.simple("test/other"), 0);

        StoredRollout saved = store.save(Samples.simple("test/podinfo"), 0);

        assertThat(saved.version()).isEqualTo(1);
        // the push on the reused head is rejected, then one fetch (the rejection ends any reuse), commit and push
        assertThat(git.fetches()).isEqualTo(2);
        assertThat(git.pushes()).isEqualTo(2);
        assertThat(sleeps).containsExactly(GitStateStore.DEFAULT_INITIAL_BACKOFF);
        assertThat(store(newClone()).ids()).containsExactly("test/other", "test/podinfo");
    }

    /** A clock that stands still: every sync after the first is inside the reuse window, whatever the machine's load. */
    private static final Clock STILL = Clock.fixed(java.time.Instant.parse("2026-03-01T12:00:00Z"), java.time.ZoneOffset.UTC);

    /** A clone on {@link #STILL} with the default reuse window. */
    private JGitBackend stillClone() {
        return newClone(STILL, JGitBackendBuilder.DEFAULT_SYNC_REUSE);
    }

    private JGitBackend newClone() {
        return newClone(Clock.systemUTC(), JGitBackendBuilder.DEFAULT_SYNC_REUSE);
    }

    private JGitBackend newClone(Clock clock, Duration syncReuse) {
        JGitBackend backend = JGitBackend.builder(remote.uri(), remote.newWorkingDir("clone"))
                .author(new PersonIdent("Stepwise", "stepwise@example.com")).clock(clock).syncReuse(syncReuse).build();
        opened.add(backend);
        return backend;
    }

    private JGitBackend newClone(VirtualScheduler scheduler, Duration syncReuse) {
        return newClone(scheduler.clock(), syncReuse);
    }

    private static CountingBackend counting(JGitBackend backend, Clock clock) {
        return new CountingBackend(backend, clock);
    }

    private GitStateStore store(dev.stepwise.gitops.GitBackend backend) {
        return GitStateStore.builder(backend).sleeper(sleeps::add).build();
    }
}
