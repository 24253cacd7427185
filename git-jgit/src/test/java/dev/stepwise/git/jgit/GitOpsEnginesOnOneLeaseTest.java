package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.engine.ExecutorScheduler;
import dev.stepwise.engine.RetryPolicy;
import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.engine.StuckPolicy;
import dev.stepwise.kubernetes.LeaseLeadership;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.mesh.istio.IstioMeshRenderer;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.LeadershipTerm;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.traffic.TrafficSplit;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: several engines on one GitOps repository coordinate through one Kubernetes Lease (the
 * controller's {@link LeaseLeadership}) instead of racing on its branch. Four engines, each with
 * its own working copy ({@link JGitBackend}) of one bare repository, its own
 * {@link GitStateStore} and {@link GitManifestSink}, every rollout registered on all four; the
 * Lease on the mock API server in CRUD mode, real threads and clock. Lease 3 s, renew deadline
 * 2 s, retry 200 ms, analysis every 200 ms; every wait is bounded.
 */
@EnableKubernetesMockClient(crud = true)
@DisplayName("Four GitOps engines on one repository, one Lease")
class GitOpsEnginesOnOneLeaseTest {

    static final List<String> SERVICES = List.of("podinfo", "frontend", "backend", "cart", "search", "checkout");
    static final Duration INTERVAL = Duration.ofMillis(200);

    KubernetesClient client;
    @TempDir
    Path dir;
    BareRepository remote;
    final Map<String, InMemoryWorkload> workloads = new LinkedHashMap<>();
    final Map<String, IstioMeshRenderer> renderers = new LinkedHashMap<>();
    final Set<String> ended = ConcurrentHashMap.newKeySet();
    final CountDownLatch allEnded = new CountDownLatch(SERVICES.size());
    final List<Engine> engines = new ArrayList<>();

    /** One engine: its working copy, leadership, scheduler and what it heard. */
    final class Engine implements AutoCloseable {
        final String name;
        final JGitBackend backend;
        final GitManifestSink sink;
        final LeaseLeadership leadership;
        final ExecutorScheduler scheduler = ExecutorScheduler.ofDefaults();
        final RolloutEngine engine;
        final List<RolloutEvent> events = new CopyOnWriteArrayList<>();
        final CountDownLatch leads = new CountDownLatch(1);
        volatile Consumer<RolloutEvent> onEvent = e -> { };

        Engine(String name) {
            this.name = name;
            this.backend = JGitBackend.builder(remote.uri(), remote.newWorkingDir("engine-" + name))
                    .author(new PersonIdent("Stepwise " + name, "stepwise@example.com")).build();
            this.sink = GitManifestSink.builder(backend).baseDir("apps").build();
            this.leadership = LeaseLeadership.builder(client, "test", "stepwise-gitops-deploy").identity(name)
                    .leaseDuration(Duration.ofSeconds(3)).renewDeadline(Duration.ofSeconds(2))
                    .retryPeriod(Duration.ofMillis(200)).build();
            leadership.listen(term -> {
                if (term.leading()) {
                    leads.countDown();
                }
            });
            this.engine = RolloutEngine.builder().scheduler(scheduler).stateStore(GitStateStore.builder(backend).build())
                    .leadership(leadership).retry(new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200),
                            Duration.ofSeconds(30), StuckPolicy.PAUSE, Duration.ofMillis(50)))
                    .listener(events::add).listener(e -> {
                        if (e instanceof RolloutEvent.Ended && ended.add(e.id())) {
                            allEnded.countDown();
                        }
                        onEvent.accept(e);
                    }).build();
        }

        void registerAll() {
            CanaryStrategy canary = CanaryStrategy.builder().stepWeight(10).maxWeight(50).analysis(AnalysisPolicy.builder()
                    .interval(INTERVAL)
                    .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99))).build()).build();
            for (String service : SERVICES) {
                engine.register(RolloutDefinition.builder(GitOpsRollout.NAMESPACE, service).strategy(canary)
                        .router(MeshTrafficRouter.of(renderers.get(service), sink)).workload(workloads.get(service))
                        .metrics(query -> MetricResult.of(99.9)).build());
            }
        }

        boolean everLed() {
            return leads.getCount() == 0;
        }

        @Override
        public void close() {
            engine.close();
            leadership.close();
            scheduler.close();
            backend.close();
        }

        @Override
        public String toString() {
            return name + " " + backend.counts();
        }
    }

    @AfterEach
    void close() {
        engines.forEach(Engine::close);
    }

    @Test
    @DisplayName("the leader stopped mid-run: another engine finishes every rollout, each route's history on the remote exact, the standbys never touch Git")
    void failover() throws InterruptedException {
        remote = BareRepository.create(dir);
        for (String service : SERVICES) {
            InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
            workload.deploy("v2");
            workloads.put(service, workload);
            renderers.put(service, IstioMeshRenderer.of(RouteTarget.builder(GitOpsRollout.NAMESPACE, service).port(9898).build()));
        }
        for (int i = 0; i < 4; i++) {
            engines.add(new Engine("e" + i));
        }
        Engine first = engines.get(0);
        // the first leader stops leading from inside its own reconcile, right after it pushed a 20% step
        AtomicBoolean stopped = new AtomicBoolean();
        first.onEvent = e -> {
            if (e instanceof RolloutEvent.Applied applied && applied.actions().stream()
                    .anyMatch(a -> a instanceof Action.SetTraffic set && set.split().canary() == 20)
                    && stopped.compareAndSet(false, true)) {
                first.leadership.stop();
            }
        };
        first.leadership.start();
        assertThat(first.leads.await(30, TimeUnit.SECONDS)).as("e0 leads within 30 s").isTrue();
        engines.forEach(e -> e.leadership.start());
        engines.forEach(Engine::registerAll);

        assertThat(allEnded.await(60, TimeUnit.SECONDS)).as("every rollout ends within 60 s; ended: %s; %s", ended, engines).isTrue();

        assertThat(stopped).as("e0 stopped leading mid-run").isTrue();
        List<Engine> successors = engines.stream().skip(1).filter(Engine::everLed).toList();
        assertThat(successors).as("another engine took over").isNotEmpty();
        assertThat(((LeadershipTerm.Leading) successors.get(successors.size() - 1).leadership.current()).epoch()).isGreaterThan(1);
        for (String service : SERVICES) {
            String id = GitOpsRollout.NAMESPACE + "/" + service;
            List<TrafficSplit> steps = stepSplits(id);
            assertThat(withoutRepeats(steps)).as("%s: the route's history on the remote, oldest first: %s", id, steps)
                    .containsExactlyElementsOf(GitOpsEndToEndTest.HEALTHY);
            assertThat(steps.size()).as("%s: at most the one step the new leader wrote again, with its fence: %s", id, steps)
                    .isLessThanOrEqualTo(GitOpsEndToEndTest.HEALTHY.size() + 1);
            assertThat(stateVersions(id)).as("%s: state records on the remote, oldest first", id).isSorted().doesNotHaveDuplicates();
        }
        try (JGitBackend reader = JGitBackend.builder(remote.uri(), remote.newWorkingDir("reader")).build()) {
            GitStateStore store = GitStateStore.builder(reader).build();
            for (String service : SERVICES) {
                StoredRollout end = store.load(GitOpsRollout.NAMESPACE + "/" + service).orElseThrow();
                assertThat(end.state().phase()).as(service).isEqualTo(Phase.SUCCEEDED);
                assertThat(end.isCommitted()).as(service).isTrue();
            }
        }
        for (Engine standby : engines.stream().filter(e -> !e.everLed()).toList()) {
            BackendCounts counts = standby.backend.counts();
            assertThat(counts.fetches() + counts.batches() + counts.pushed() + counts.rejected())
                    .as("%s never led, so it never fetched, committed or pushed", standby).isZero();
        }
        assertThat(engines).flatMap(e -> e.events).filteredOn(RolloutEvent.Failed.class::isInstance)
                .as("no failure on the way").isEmpty();
    }

    /** The splits of the step commits of {@code rollout} on {@code main}, oldest first. */
    List<TrafficSplit> stepSplits(String rollout) {
        IstioMeshRenderer renderer = renderers.get(rollout.substring(rollout.indexOf('/') + 1));
        GitManifestSink paths = engines.get(0).sink;
        List<TrafficSplit> splits = new ArrayList<>();
        for (BareRepository.Commit commit : remote.history()) {
            if (commit.isStepwise() && rollout.equals(commit.trailers().get(AuditCommitMessage.ROLLOUT))) {
                List<Manifest> stored = renderer.resources().stream()
                        .map(ref -> remote.file(commit.id(), paths.path(ref)).map(Manifest::parse))
                        .flatMap(Optional::stream).toList();
                splits.add(renderer.parse(stored).orElse(TrafficSplit.allStable()));
            }
        }
        Collections.reverse(splits);
        return splits;
    }

    /** The versions of the state records of {@code rollout} on {@code main}, oldest first. */
    List<Long> stateVersions(String rollout) {
        List<Long> versions = new ArrayList<>(remote.history().stream()
                .filter(c -> rollout.equals(c.trailers().get(GitStateStore.ROLLOUT_TRAILER))
                        && c.trailers().containsKey(GitStateStore.VERSION_TRAILER))
                .map(c -> Long.parseLong(c.trailers().get(GitStateStore.VERSION_TRAILER))).toList());
        Collections.reverse(versions);
        return versions;
    }

    static List<TrafficSplit> withoutRepeats(List<TrafficSplit> splits) {
        List<TrafficSplit> distinct = new ArrayList<>();
        for (TrafficSplit split : splits) {
            if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(split)) {
                distinct.add(split);
            }
        }
        return distinct;
    }
}
