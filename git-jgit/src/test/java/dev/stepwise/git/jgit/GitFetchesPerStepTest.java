package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.mesh.istio.IstioMeshRenderer;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.StaleStateException;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.Verification;
import dev.stepwise.tck.StateStoreCompatibilityKit;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.SimulatedMetricSource;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.VirtualScheduler;
import dev.stepwise.traffic.TrafficSplit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one engine step costs in round trips to the Git remote, over a real {@link JGitBackend} on a
 * bare repository: the rollout's state in a {@link GitStateStore} and its route in a
 * {@link GitManifestSink}, sharing one working copy as in GitOps mode. Every sync is a fetch.
 */
@DisplayName("Git fetches per step")
class GitFetchesPerStepTest {

    @TempDir
    Path dir;
    private BareRepository remote;
    private final List<JGitBackend> opened = new ArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();
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
    @DisplayName("a step of a canary (load, write ahead, apply, verify, commit) fetches 3 times and pushes 3 times")
    void engineStep() {
        CountingBackend git = new CountingBackend(newClone());
        VirtualScheduler scheduler = VirtualScheduler.startingAt(GitOpsRollout.START);
        GitManifestSink sink = GitManifestSink.builder(git).baseDir("apps").sleeper(sleeps::add).build();
        StateStore store = GitStateStore.builder(git).sleeper(sleeps::add).build();
        Map<TrafficSplit, int[]> atVerified = new HashMap<>();
        AtomicReference<TrafficSplit> inForce = new AtomicReference<>(TrafficSplit.allStable());
        List<RolloutEvent> events = new ArrayList<>();
        InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
        workload.deploy("v2");
        try (RolloutEngine engine = RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler).stateStore(store)
                .listener(event -> {
                    events.add(event);
                    if (event instanceof RolloutEvent.Verified verified) {
                        atVerified.put(verified.split(), new int[] {git.syncs(), git.pushes()});
                        inForce.set(verified.split());
                    }
                }).build()) {
            engine.register(RolloutDefinition.builder("test", "podinfo").strategy(GitOpsRollout.canary())
                    .router(MeshTrafficRouter.of(renderer, sink, MeshTrafficRouter.DEFAULT_CONFLICT_ATTEMPTS, scheduler.clock()))
                    .workload(workload).metrics(SimulatedMetricSource.of(SimulatedService.ofDefaults(), inForce::get))
                    .build());
            scheduler.advance(Duration.ofHours(1));

            assertThat(engine.status("test/podinfo")).hasValueSatisfying(
                    rec -> assertThat(rec.state().phase()).isEqualTo(Phase.SUCCEEDED));
        }
        int[] before = atVerified.get(TrafficSplit.canary(20));
        int[] after = atVerified.get(TrafficSplit.canary(30));
        // One reconcile lies between the two verifications: the step from 20% to 30%.
        // Fetches: the load (to see what other engines and operators pushed), the route's read before
        // its write (the state store's pushes moved the branch since the sink last looked), and the
        // commit's save (the sink's commit moved the shared working copy off the head the store
        // pushed, so the store syncs rather than guess whether that commit reached the remote).
        // The write-ahead save commits on the head the load fetched, and verify reads back at the
        // commit the route's push just confirmed.
        assertThat(after[0] - before[0]).isEqualTo(3);
        // Pushes: the write-ahead save, the route's change, the commit's save.
        assertThat(after[1] - before[1]).isEqualTo(3);
        assertThat(sleeps).isEmpty();
    }

    @Test
    @DisplayName("a route's apply and verify fetch once: verify reads at the commit the apply's push confirmed")
    void applyAndVerify() {
        CountingBackend git = new CountingBackend(newClone());
        MeshTrafficRouter router = MeshTrafficRouter.of(renderer, GitManifestSink.builder(git).sleeper(sleeps::add).build());
        router.reconcile();
        router.verify(TrafficSplit.allStable());
        int syncs = git.syncs();

        router.apply(TrafficSplit.canary(10));

        assertThat(router.verify(TrafficSplit.canary(10))).isEqualTo(Verification.VERIFIED);
        assertThat(git.syncs() - syncs).isEqualTo(1);
        // the read after that read-back fetches again: a person may have pushed since
        assertThat(router.verify(TrafficSplit.canary(10))).isEqualTo(Verification.VERIFIED);
        assertThat(git.syncs() - syncs).isEqualTo(2);
    }

    @Test
    @DisplayName("a verify after a person's push fetches it: PENDING when they changed the route")
    void personsPushIsSeen() {
        CountingBackend git = new CountingBackend(newClone());
        GitManifestSink sink = GitManifestSink.builder(git).sleeper(sleeps::add).build();
        MeshTrafficRouter router = MeshTrafficRouter.of(renderer, sink);
        router.apply(TrafficSplit.canary(10));
        router.verify(TrafficSplit.canary(10));

        MeshTrafficRouter person = MeshTrafficRouter.of(renderer, GitManifestSink.of(newClone()));
        person.apply(TrafficSplit.canary(40));

        assertThat(router.verify(TrafficSplit.canary(10))).isEqualTo(Verification.PENDING);
        assertThat(router.current()).isEqualTo(TrafficSplit.canary(40));
    }

    @Test
    @DisplayName("a state load followed by a save fetches once; a save after the store's own save fetches nothing")
    void loadThenSave() {
        CountingBackend git = new CountingBackend(newClone());
        GitStateStore store = GitStateStore.builder(git).sleeper(sleeps::add).build();

        assertThat(store.load("test/podinfo")).isEmpty();
        StoredRollout first = store.save(Samples.simple("test/podinfo"), 0);
        store.save(first, 1);

        assertThat(git.syncs()).isEqualTo(1);
        assertThat(git.pushes()).isEqualTo(2);
        assertThat(store(newClone()).load("test/podinfo")).hasValueSatisfying(r -> assertThat(r.version()).isEqualTo(2));
    }

    @Test
    @DisplayName("a save on a known head the remote has left syncs, and still refuses a stale version")
    void knownHeadOutdatedBySameRollout() {
        GitStateStore store = store(newClone());
        GitStateStore other = store(newClone());
        assertThat(store.load("test/podinfo")).isEmpty();
        other.save(Samples.simple("test/podinfo"), 0);

        assertThatThrownBy(() -> store.save(Samples.rich("test/podinfo"), 0))
                .isInstanceOfSatisfying(StaleStateException.class, e -> assertThat(e.actual()).isEqualTo(1));
        assertThat(sleeps).isEmpty();
    }

    @Test
    @DisplayName("a save on a known head the remote has left for another rollout syncs and saves, without a backoff")
    void knownHeadOutdatedByOtherRollout() {
        CountingBackend git = new CountingBackend(newClone());
        GitStateStore store = store(git);
        GitStateStore other = store(newClone());
        assertThat(store.load("test/podinfo")).isEmpty();
        other.save(Samples.simple("test/other"), 0);

        StoredRollout saved = store.save(Samples.simple("test/podinfo"), 0);

        assertThat(saved.version()).isEqualTo(1);
        // the push on the known head is rejected, then one sync, commit and push as before
        assertThat(git.syncs()).isEqualTo(2);
        assertThat(git.pushes()).isEqualTo(2);
        assertThat(sleeps).isEmpty();
        assertThat(store(newClone()).ids()).containsExactly("test/other", "test/podinfo");
    }

    private JGitBackend newClone() {
        JGitBackend backend = JGitBackend.builder(remote.uri(), remote.newWorkingDir("clone"))
                .author(new PersonIdent("Stepwise", "stepwise@example.com")).build();
        opened.add(backend);
        return backend;
    }

    private GitStateStore store(dev.stepwise.gitops.GitBackend backend) {
        return GitStateStore.builder(backend).sleeper(sleeps::add).build();
    }

    /** Sample records from the state store kit. */
    private static final class Samples extends StateStoreCompatibilityKit {
        static StoredRollout simple(String id) {
            return simpleRollout(id);
        }

        static StoredRollout rich(String id) {
            return richRollout(id);
        }

        @Override
        protected StateStore createStore() {
            throw new UnsupportedOperationException("only the samples are used");
        }
    }
}
