package dev.stepwise.git.jgit;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.mesh.istio.IstioMeshRenderer;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.SimulatedMetricSource;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.VirtualScheduler;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * One service rolled out in GitOps mode, on a working copy of its own: the Istio renderer writing
 * through a {@link GitManifestSink} on a {@link JGitBackend}, the engine on virtual time, an
 * in-memory workload, and simulated metrics measuring the split the remote's {@code main} holds
 * (what a GitOps controller would apply), so what is judged is what was pushed.
 */
final class GitOpsRollout implements AutoCloseable {

    static final String NAMESPACE = "test";
    static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    static final Duration INTERVAL = Duration.ofMinutes(1);

    final String service;
    final BareRepository remote;
    final VirtualScheduler scheduler;
    final JGitBackend backend;
    final GitManifestSink sink;
    final IstioMeshRenderer renderer;
    final InMemoryWorkload workload;
    final List<RolloutEvent> events = new CopyOnWriteArrayList<>();
    private RolloutEngine engine;

    private GitOpsRollout(BareRepository remote, String service, VirtualScheduler scheduler, InMemoryWorkload workload,
                          GitManifestSink.Delivery delivery) {
        this.service = service;
        this.remote = remote;
        this.scheduler = scheduler;
        this.backend = JGitBackend.builder(remote.uri(), remote.newWorkingDir("stepwise-" + service))
                .author(new PersonIdent("Stepwise", "stepwise@example.com")).clock(scheduler.clock()).build();
        this.sink = GitManifestSink.builder(backend).baseDir("apps").delivery(delivery).sleeper(d -> { }).build();
        this.renderer = IstioMeshRenderer.of(RouteTarget.builder(NAMESPACE, service).port(9898).build());
        this.workload = workload;
    }

    /** A rollout of {@code service} (revision v2 deployed) on a scheduler of its own, starting at {@link #START}. */
    static GitOpsRollout of(BareRepository remote, String service) {
        return of(remote, service, GitManifestSink.Delivery.PUSH);
    }

    /** Like {@link #of(BareRepository, String)}, delivering as {@code delivery} says. */
    static GitOpsRollout of(BareRepository remote, String service, GitManifestSink.Delivery delivery) {
        InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
        workload.deploy("v2");
        return new GitOpsRollout(remote, service, VirtualScheduler.startingAt(START), workload, delivery);
    }

    /**
     * The same rollout after its engine's process died: a new working copy of the same remote, the
     * same workload (the cluster's pods outlive the engine), virtual time going on from where it was.
     */
    static GitOpsRollout restartedFrom(GitOpsRollout previous) {
        return new GitOpsRollout(previous.remote, previous.service,
                VirtualScheduler.startingAt(previous.scheduler.clock().instant()), previous.workload,
                GitManifestSink.Delivery.PUSH);
    }

    /** The rollout's state in the repository, on this rollout's working copy. */
    GitStateStore stateStore() {
        return GitStateStore.builder(backend).sleeper(d -> { }).build();
    }

    RolloutEngine engine() {
        return engine;
    }

    String id() {
        return NAMESPACE + "/" + service;
    }

    static CanaryStrategy canary() {
        return CanaryStrategy.builder().stepWeight(10).maxWeight(50).analysis(AnalysisPolicy.builder()
                .interval(INTERVAL).threshold(2)
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99)))
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_DURATION, ThresholdRange.atMost(500)))
                .build()).build();
    }

    /** The Git router: the Istio renderer on the sink, changes outside a rollout dated by virtual time. */
    MeshTrafficRouter router() {
        return MeshTrafficRouter.of(renderer, sink, MeshTrafficRouter.DEFAULT_CONFLICT_ATTEMPTS, scheduler.clock());
    }

    /** Registers the rollout with a new engine keeping its state in {@code store}, routing through {@code router}. */
    RolloutEngine start(SimulatedService simulated, StateStore store, TrafficRouter router) {
        engine = RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler).stateStore(store)
                .listener(events::add).build();
        engine.register(RolloutDefinition.builder(NAMESPACE, service).strategy(canary()).router(router)
                .workload(workload).metrics(SimulatedMetricSource.of(simulated, this::splitAtHead)).build());
        return engine;
    }

    /** Advances virtual time a second at a time until the rollout has ended and committed, at most an hour. */
    StoredRollout runToEnd() {
        return runUntil(rec -> rec.state().phase().isTerminal() && rec.isCommitted());
    }

    /** Advances virtual time a second at a time until {@code done} holds for the stored rollout, at most an hour. */
    StoredRollout runUntil(Predicate<StoredRollout> done) {
        for (int i = 0; i < 3600; i++) {
            StoredRollout rec = engine.status(id()).orElse(null);
            if (rec != null && done.test(rec)) {
                return rec;
            }
            scheduler.advance(Duration.ofSeconds(1));
        }
        throw new AssertionError("not done within an hour of virtual time: " + engine.status(id()));
    }

    /** The split the remote's {@code main} holds for this service, read with plain JGit. */
    TrafficSplit splitAtHead() {
        List<BareRepository.Commit> history = remote.history();
        return splitAt(history.get(0).id());
    }

    /** The split {@code commit} holds for this service (all stable before the files exist). */
    TrafficSplit splitAt(String commit) {
        List<Manifest> stored = renderer.resources().stream()
                .map(ref -> remote.file(commit, sink.path(ref)).map(Manifest::parse))
                .flatMap(Optional::stream).toList();
        return renderer.parse(stored).orElse(TrafficSplit.allStable());
    }

    /** The commits of this rollout's steps on {@code main}, oldest first. */
    List<BareRepository.Commit> stepCommits() {
        List<BareRepository.Commit> mine = new ArrayList<>(remote.history().stream()
                .filter(c -> c.isStepwise() && id().equals(c.trailers().get(AuditCommitMessage.ROLLOUT))).toList());
        Collections.reverse(mine);
        return mine;
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
        backend.close();
    }
}
