package dev.stepwise.engine;

import dev.stepwise.testkit.KeyValueRenderer;
import static dev.stepwise.engine.RolloutEngineTest.FAILING;
import static dev.stepwise.engine.RolloutEngineTest.HEALTHY;
import static dev.stepwise.engine.RolloutEngineTest.T0;
import static dev.stepwise.engine.RolloutEngineTest.canary;
import static dev.stepwise.engine.RolloutEngineTest.definition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.mesh.ManifestSink;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.spi.Workload;
import dev.stepwise.testkit.InMemoryManifestSink;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.VirtualClock;
import dev.stepwise.testkit.VirtualScheduler;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11: two engines on one rollout (two copies of an embedding application overlapping during
 * its own rolling deploy). One engine stalls at its k-th side effect (a route write, a scale, a
 * promotion, a state save) like a long GC pause; the other runs the rollout to its end; then the
 * stalled one goes on, and both keep looking. For every k of a whole rollout, healthy and failing,
 * over a route in memory and over a {@link MeshTrafficRouter} writing to a shared sink: the live
 * split ends equal to the stored one, and the stored rollout ends as the strategy says. Before
 * fencing, the late engine's split landed after the rollout ended (the rollout read Succeeded with
 * half the traffic on a canary scaled to zero).
 *
 * <p>The stalled engine runs on a real thread of its own, blocked on a latch inside an SPI proxy
 * ({@link Stall}); the other runs on virtual time on the test's thread. No sleeps; every wait is bounded.
 */
@DisplayName("Two engines on one rollout")
class TwoEnginesOnOneRolloutTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final String ROLLOUT = "test/podinfo";

    @RegisterExtension
    final EveryRolloutHasOneNextLook nextLooks = new EveryRolloutHasOneNextLook();

    /** The outcome a scenario's metric leads to. */
    enum Scenario {
        HEALTHY_CANARY(HEALTHY, Phase.SUCCEEDED),
        FAILING_CANARY(FAILING, Phase.ROLLED_BACK);

        final double successRate;
        final Phase end;

        Scenario(double successRate, Phase end) {
            this.successRate = successRate;
            this.end = end;
        }
    }

    /** What the two engines share as "the route": one mesh in memory, or one sink behind a router each. */
    enum Route {
        IN_MEMORY_ROUTER, MESH_ROUTER_ON_ONE_SINK
    }

    /** The cluster both engines act on: one state store, one workload, one route. */
    static final class Cluster {
        final InMemoryStateStore store = new InMemoryStateStore();
        final InMemoryWorkload workload = RolloutEngineTest.workload();
        final InMemoryTrafficRouter mesh = InMemoryTrafficRouter.ofDefaults();
        final InMemoryManifestSink sink = new InMemoryManifestSink();
        final MeshRenderer renderer = new KeyValueRenderer(RouteTarget.of("test", "podinfo"));
        final Route route;

        Cluster(Route route) {
            this.route = route;
        }

        /**
         * A router for one engine, its writes behind {@code stall}: the mesh's own calls, or, for a
         * mesh router, the sink's writes (after the read and the render, where a pause hurts most).
         */
        TrafficRouter router(Stall stall) {
            if (route == Route.IN_MEMORY_ROUTER) {
                return stall.around(TrafficRouter.class, mesh, Set.of("reconcile", "apply", "release"));
            }
            return MeshTrafficRouter.of(renderer, stall.around(ManifestSink.class, sink, Set.of("write")));
        }

        Workload workload(Stall stall) {
            return stall.around(Workload.class, workload, Set.of("scale", "promote"));
        }

        StateStore store(Stall stall) {
            return stall.around(StateStore.class, store, Set.of("save", "delete"));
        }

        /** The split traffic follows now. */
        TrafficSplit live() {
            if (route == Route.IN_MEMORY_ROUTER) {
                return mesh.inForce();
            }
            return renderer.parse(sink.read(renderer.resources())).orElse(TrafficSplit.allStable());
        }

        StoredRollout stored() {
            return store.load(ROLLOUT).orElseThrow();
        }
    }

    /** One engine of the pair, on its own scheduler over the shared clock. */
    private RolloutEngine engine(Cluster cluster, Stall stall, VirtualScheduler scheduler, Scenario scenario,
                                 List<RolloutEvent> events) {
        RolloutEngine engine = nextLooks.watch(RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler)
                .stateStore(cluster.store(stall)).listener(events::add).build(), scheduler);
        engine.register(definition("podinfo", canary(1), cluster.router(stall), cluster.workload(stall),
                scenario.successRate));
        return engine;
    }

    /** Side effects of one engine running a whole rollout alone, in order. */
    static List<String> sideEffects(Route route, Scenario scenario) {
        Cluster cluster = new Cluster(route);
        Stall counting = new Stall(0);
        VirtualScheduler scheduler = VirtualScheduler.startingAt(T0);
        try (RolloutEngine engine = RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler)
                .stateStore(cluster.store(counting)).build()) {
            engine.register(definition("podinfo", canary(1), cluster.router(counting), cluster.workload(counting),
                    scenario.successRate));
            for (int i = 0; i < 3600 && !ended(cluster.store); i++) {
                scheduler.advance(SECOND);
            }
            assertThat(ended(cluster.store)).as("a lone engine ends the rollout").isTrue();
        }
        return counting.effects();
    }

    static Stream<Arguments> stallPoints() {
        List<Arguments> cases = new ArrayList<>();
        for (Route route : Route.values()) {
            for (Scenario scenario : Scenario.values()) {
                int effects = sideEffects(route, scenario).size();
                IntStream.rangeClosed(1, effects).forEach(k -> cases.add(Arguments.of(route, scenario, k, effects)));
            }
        }
        return cases.stream();
    }

    private static boolean ended(InMemoryStateStore store) {
        return store.load(ROLLOUT).filter(r -> r.state().phase().isTerminal() && r.isCommitted()).isPresent();
    }

    @ParameterizedTest(name = "{0}, {1}: one engine stalled at side effect {2} of {3}")
    @MethodSource("stallPoints")
    @DisplayName("leave live traffic equal to the stored split whichever side effect one of them stalls at")
    void lateWriterNeverWins(Route route, Scenario scenario, int k, int effects) throws InterruptedException {
        Cluster cluster = new Cluster(route);

        runStalledAt(cluster, scenario, k, new ArrayList<>());

        StoredRollout end = cluster.stored();
        assertThat(end.state().phase()).as("the stored rollout's phase").isEqualTo(scenario.end);
        assertThat(end.isCommitted()).as("the stored rollout is committed").isTrue();
        assertThat(cluster.live()).as("live traffic, stored %s", end.state().split()).isEqualTo(end.state().split());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Route.class)
    @DisplayName("refuse the late engine's 50% after the rollout succeeded: a failure naming the later version, then nothing")
    void theIssuesCase(Route route) throws InterruptedException {
        Cluster cluster = new Cluster(route);
        List<String> alone = sideEffects(route, Scenario.HEALTHY_CANARY);
        String write = route == Route.IN_MEMORY_ROUTER ? "apply " + TrafficSplit.canary(50) : "write";
        // the write of 50%: for the mesh router, the sink's write after the 40% one
        int k = route == Route.IN_MEMORY_ROUTER ? alone.indexOf(write) + 1 : ordinal(alone, write, 6);
        List<RolloutEvent> late = new ArrayList<>();

        runStalledAt(cluster, Scenario.HEALTHY_CANARY, k, late);

        assertThat(late).filteredOn(RolloutEvent.Failed.class::isInstance).map(e -> ((RolloutEvent.Failed) e).error())
                .singleElement().asString().startsWith("SupersededWriteException")
                .containsPattern("the write of version \\d+ was superseded by a later write of this rollout, version \\d+");
        List<RolloutEvent> afterRefusal = late.subList(late.indexOf(late.stream()
                .filter(RolloutEvent.Failed.class::isInstance).findFirst().orElseThrow()), late.size());
        assertThat(afterRefusal).as("the late engine's events from its refusal on")
                .noneMatch(e -> e instanceof RolloutEvent.Applied || e instanceof RolloutEvent.Ended);
        assertThat(cluster.stored().state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(cluster.live()).isEqualTo(TrafficSplit.allStable());
    }

    /** The index (from 1) of the {@code n}-th (from 1) side effect named {@code effect}. */
    private static int ordinal(List<String> effects, String effect, int n) {
        int seen = 0;
        for (int i = 0; i < effects.size(); i++) {
            if (effects.get(i).startsWith(effect) && ++seen == n) {
                return i + 1;
            }
        }
        throw new AssertionError("no " + n + "th " + effect + " in " + effects);
    }

    /**
     * One engine stalled at its {@code k}-th side effect (its events to {@code stalledEvents}), the
     * other running the rollout to its end meanwhile, then the stalled one released and both running
     * on for half an hour.
     */
    private void runStalledAt(Cluster cluster, Scenario scenario, int k, List<RolloutEvent> stalledEvents)
            throws InterruptedException {
        VirtualClock clock = VirtualClock.startingAt(T0);
        VirtualScheduler stalledTime = new VirtualScheduler(clock);
        VirtualScheduler otherTime = new VirtualScheduler(clock);
        Stall stall = new Stall(k);
        engine(cluster, stall, stalledTime, scenario, Collections.synchronizedList(stalledEvents));
        engine(cluster, new Stall(0), otherTime, scenario, new ArrayList<>());

        AtomicReference<Throwable> crashed = new AtomicReference<>();
        Thread stalled = new Thread(() -> {
            try {
                for (int i = 0; i < 3600 && !stall.reached(); i++) {
                    stalledTime.advance(SECOND);
                }
            } catch (Throwable e) {
                crashed.set(e);
            }
        }, "stalled-engine");
        stalled.setDaemon(true);
        stalled.start();
        assertThat(stall.awaitReached()).as("the first engine reached side effect %d", k).isTrue();

        // The other engine takes the rollout over and runs it to its end while the first one is paused.
        for (int i = 0; i < 3600 && !ended(cluster.store); i++) {
            otherTime.advance(SECOND);
        }
        assertThat(ended(cluster.store)).as("the other engine ended the rollout").isTrue();

        stall.release();
        stalled.join(Duration.ofSeconds(Stall.WAIT_SECONDS).toMillis());
        assertThat(stalled.isAlive()).as("the stalled engine went on and returned").isFalse();
        assertThat(crashed.get()).as("what the stalled engine's thread threw").isNull();

        // Both copies keep running for a while, as during a rolling deploy.
        for (int i = 0; i < 1800; i++) {
            stalledTime.advance(SECOND);
            otherTime.runDue();
        }
    }
}
