package dev.stepwise.kubernetes;

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
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.LeadershipTerm;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.tck.PausableExecutor;
import dev.stepwise.testkit.InMemoryWorkload;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: two replicas of an engine, each with its own {@link LeaseLeadership} on one Lease,
 * sharing the {@link ConfigMapStateStore}, one workload and one route (a {@link MeshTrafficRouter}
 * each, over the API server), on the mock API server in CRUD mode with real threads. The route's
 * writes are recorded as they land, in order. Lease 3 s, renew deadline 2 s, retry 200 ms, analysis
 * every 200 ms; every wait is on a latch and bounded.
 */
@EnableKubernetesMockClient(crud = true)
@DisplayName("Two replicas on one Lease")
class TwoReplicasOnOneLeaseTest {

    static final String ROLLOUT = "test/podinfo";
    static final Duration LEASE = LeaseLeadershipTest.LEASE;
    static final Duration RENEW_DEADLINE = LeaseLeadershipTest.RENEW_DEADLINE;
    static final Duration RETRY = LeaseLeadershipTest.RETRY;
    static final List<String> HEALTHY = List.of("10%", "20%", "30%", "40%", "50%", "0%");

    KubernetesClient client;
    final List<String> routeWrites = new CopyOnWriteArrayList<>();
    final InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
    final List<Replica> replicas = new ArrayList<>();

    /** One replica: its leadership, engine, router and the saves its store made. */
    final class Replica implements AutoCloseable {
        final String name;
        final @Nullable PausableExecutor elector;
        final LeaseLeadership leadership;
        final RecordingRouter router;
        final ExecutorScheduler scheduler = ExecutorScheduler.ofDefaults();
        final RolloutEngine engine;
        final List<RolloutEvent> events = new CopyOnWriteArrayList<>();
        final List<String> saves = new CopyOnWriteArrayList<>();
        final CountDownLatch leads = new CountDownLatch(1);
        final CountDownLatch deposed = new CountDownLatch(1);
        final CountDownLatch ended = new CountDownLatch(1);
        final CountDownLatch failed = new CountDownLatch(1);
        volatile Consumer<RolloutEvent> onEvent = e -> { };

        Replica(String name, boolean pausable) {
            this.name = name;
            this.elector = pausable ? new PausableExecutor() : null;
            LeaseLeadershipBuilder lease = LeaseLeadership.builder(client, "test", "stepwise-engine").identity(name)
                    .leaseDuration(LEASE).renewDeadline(RENEW_DEADLINE).retryPeriod(RETRY);
            this.leadership = (elector == null ? lease : lease.executor(elector)).build();
            leadership.listen(term -> (term.leading() ? leads : deposed).countDown());
            this.router = new RecordingRouter(name, MeshTrafficRouter.of(new ConfigMapKeyRenderer("test", "routes"),
                    KubernetesManifestSink.builder(client).sleeper(new RecordingSleeper()).build()), routeWrites);
            this.engine = RolloutEngine.builder().scheduler(scheduler).stateStore(recording(ConfigMapStateStore.of(client, "test")))
                    .leadership(leadership).retry(new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200),
                            Duration.ofSeconds(30), StuckPolicy.PAUSE, Duration.ofMillis(50)))
                    .listener(events::add).listener(e -> {
                        if (e instanceof RolloutEvent.Ended) {
                            ended.countDown();
                        } else if (e instanceof RolloutEvent.Failed) {
                            failed.countDown();
                        }
                        onEvent.accept(e);
                    }).build();
        }

        void register() {
            CanaryStrategy canary = CanaryStrategy.builder().stepWeight(10).maxWeight(50).analysis(AnalysisPolicy.builder()
                    .interval(Duration.ofMillis(200))
                    .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99))).build()).build();
            engine.register(RolloutDefinition.builder("test", "podinfo").strategy(canary).router(router).workload(workload)
                    .metrics(query -> MetricResult.of(99.9)).build());
        }

        private StateStore recording(StateStore store) {
            return new StateStore() {
                @Override
                public Optional<StoredRollout> load(String id) {
                    return store.load(id);
                }

                @Override
                public StoredRollout save(StoredRollout rollout, long expectedVersion) {
                    StoredRollout saved = store.save(rollout, expectedVersion);
                    saves.add(name + ": save @v" + saved.version());
                    return saved;
                }

                @Override
                public List<String> ids() {
                    return store.ids();
                }

                @Override
                public void delete(String id) {
                    store.delete(id);
                }
            };
        }

        List<RolloutEvent.NotLeader> notLeader() {
            return events.stream().filter(RolloutEvent.NotLeader.class::isInstance).map(RolloutEvent.NotLeader.class::cast).toList();
        }

        @Override
        public void close() {
            engine.close();
            if (elector != null) {
                elector.resume();
            }
            leadership.close();
            scheduler.close();
            if (elector != null) {
                elector.close();
            }
        }
    }

    Replica replica(String name, boolean pausable) {
        Replica replica = new Replica(name, pausable);
        replicas.add(replica);
        return replica;
    }

    /** a leads, b follows; the rollout registered on both. */
    void aLeadsBFollows(Replica a, Replica b) throws InterruptedException {
        workload.deploy("v2");
        a.leadership.start();
        assertThat(a.leads.await(30, TimeUnit.SECONDS)).as("a leads within 30 s").isTrue();
        b.leadership.start();
        a.register();
        b.register();
    }

    @AfterEach
    void close() {
        replicas.forEach(Replica::close);
    }

    StoredRollout stored() {
        return ConfigMapStateStore.of(client, "test").load(ROLLOUT).orElseThrow();
    }

    String liveRoute() {
        return client.configMaps().inNamespace("test").withName("routes").get().getData().get(ConfigMapKeyRenderer.KEY);
    }

    static List<String> splits(List<String> writes) {
        return writes.stream().map(w -> w.substring(w.indexOf(' ') + 1, w.indexOf(" @"))).toList();
    }

    static List<Long> versions(List<String> writes) {
        return writes.stream().map(w -> Long.parseLong(w.substring(w.indexOf("@v") + 2))).toList();
    }

    @Test
    @DisplayName("the leader stopped mid-rollout: the other takes over and finishes it, no split written twice or out of order")
    void failover() throws InterruptedException {
        Replica a = replica("a", false);
        Replica b = replica("b", false);
        // a stops leading from inside its own reconcile, right after committing 20%: that commit is its last write
        a.onEvent = e -> {
            if (e instanceof RolloutEvent.Applied applied && applied.actions().stream()
                    .anyMatch(x -> x instanceof Action.SetTraffic set && set.split().canary() == 20)) {
                a.leadership.stop();
            }
        };

        aLeadsBFollows(a, b);

        assertThat(b.leads.await(30, TimeUnit.SECONDS)).as("b leads within 30 s").isTrue();
        assertThat(b.ended.await(30, TimeUnit.SECONDS)).as("b ends the rollout within 30 s").isTrue();
        assertThat(routeWrites).extracting(w -> w.substring(0, 1)).containsExactly("a", "a", "b", "b", "b", "b");
        assertThat(splits(routeWrites)).containsExactlyElementsOf(HEALTHY);
        assertThat(versions(routeWrites)).isSorted().doesNotHaveDuplicates();
        StoredRollout end = stored();
        assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(end.isCommitted()).isTrue();
        assertThat(liveRoute()).isEqualTo("100/0/0");
        assertThat(b.notLeader()).as("b left the rollout to a while following, told once per term, not per look").hasSizeBetween(1, 5)
                .extracting(RolloutEvent.NotLeader::message).anySatisfy(message -> assertThat(message)
                        .startsWith("not the leader (lease test/stepwise-engine held by a since ")
                        .endsWith("; leaving rollout test/podinfo to the leader"));
        assertThat(((LeadershipTerm.Leading) b.leadership.current()).epoch()).isEqualTo(2);
        assertThat(versions(a.saves).stream().mapToLong(Long::longValue).max().orElseThrow())
                .as("a's saves all come before b's: %s, %s", a.saves, b.saves)
                .isLessThan(versions(b.saves).stream().mapToLong(Long::longValue).min().orElseThrow());
    }

    @Test
    @DisplayName("a leader paused past its lease writes nothing after it wakes: its late route write is refused, its store untouched")
    void pausedLeader() throws InterruptedException {
        Replica a = replica("a", true);
        Replica b = replica("b", false);
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch wake = new CountDownLatch(1);
        a.router.beforeApply(split -> {
            if (split.canary() == 30) {
                // the whole JVM stops: the elector's renewals and this write, right after the leadership check
                java.util.Objects.requireNonNull(a.elector).pause();
                paused.countDown();
                await(wake, 60);
            }
        });
        aLeadsBFollows(a, b);

        assertThat(paused.await(30, TimeUnit.SECONDS)).as("a pauses before writing 30%").isTrue();
        assertThat(b.leads.await(30, TimeUnit.SECONDS)).as("b takes the lapsed lease").isTrue();
        assertThat(b.ended.await(30, TimeUnit.SECONDS)).as("b ends the rollout").isTrue();
        StoredRollout end = stored();
        List<String> writesBefore = List.copyOf(routeWrites);
        int savesBefore = a.saves.size();

        wake.countDown();
        assertThat(a.failed.await(30, TimeUnit.SECONDS)).as("a's late write fails").isTrue();
        java.util.Objects.requireNonNull(a.elector).resume();
        assertThat(a.deposed.await(30, TimeUnit.SECONDS)).as("a's elector sees b hold the lease").isTrue();
        a.engine.reconcile(ROLLOUT);

        assertThat(routeWrites).isEqualTo(writesBefore);
        assertThat(a.saves).hasSize(savesBefore);
        assertThat(stored()).isEqualTo(end);
        assertThat(splits(routeWrites)).containsExactlyElementsOf(HEALTHY);
        assertThat(routeWrites).extracting(w -> w.substring(0, 1)).containsExactly("a", "a", "b", "b", "b", "b");
        assertThat(liveRoute()).isEqualTo("100/0/0");
        assertThat(a.events).filteredOn(RolloutEvent.Failed.class::isInstance)
                .map(e -> ((RolloutEvent.Failed) e).error()).first().asString().startsWith("SupersededWriteException");
        assertThat(a.notLeader()).isNotEmpty();
    }

    static void await(CountDownLatch latch, int seconds) {
        try {
            if (!latch.await(seconds, TimeUnit.SECONDS)) {
                throw new AssertionError("not woken within " + seconds + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
