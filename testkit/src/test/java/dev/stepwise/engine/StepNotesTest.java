package dev.stepwise.engine;

import static dev.stepwise.engine.RolloutEngineTest.FAILING;
import static dev.stepwise.engine.RolloutEngineTest.HEALTHY;
import static dev.stepwise.engine.RolloutEngineTest.INTERVAL;
import static dev.stepwise.engine.RolloutEngineTest.T0;
import static dev.stepwise.engine.RolloutEngineTest.canary;
import static dev.stepwise.engine.RolloutEngineTest.definition;
import static dev.stepwise.engine.RolloutEngineTest.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Decision;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.VirtualScheduler;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The engine tells the router why a split is applied")
class StepNotesTest {

    static final String ID = "test/podinfo";
    static final String METRIC = "request-success-rate";

    final VirtualScheduler scheduler = VirtualScheduler.startingAt(T0);
    @RegisterExtension
    final EveryRolloutHasOneNextLook nextLooks = new EveryRolloutHasOneNextLook();

    RolloutEngine engine(InMemoryStateStore store) {
        return nextLooks.watch(RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler).stateStore(store).build(),
                scheduler);
    }

    /** What the router is told for step {@code step}, written ahead at store version {@code version}, decided {@code minutes} after the start. */
    static StepNote change(int step, long version, Decision decision, String reason, List<Verdict> verdicts, int minutes) {
        return new StepNote(ID, step, version, decision, reason, verdicts, T0.plus(INTERVAL.multipliedBy(minutes)), false);
    }

    StoredRollout runToEnd(RolloutEngine engine) {
        for (int i = 0; i < 3600; i++) {
            StoredRollout rec = engine.status(ID).orElse(null);
            if (rec != null && rec.state().phase().isTerminal() && rec.isCommitted()) {
                return rec;
            }
            scheduler.advance(Duration.ofSeconds(1));
        }
        throw new AssertionError("no end within an hour of virtual time: " + engine.status(ID));
    }

    @Test
    void a_healthy_canary_tells_each_advance_with_the_verdicts_it_passed_and_the_finalize() {
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        RolloutEngine engine = engine(new InMemoryStateStore());
        engine.register(definition("podinfo", canary(1), router, workload(), HEALTHY));

        runToEnd(engine);

        List<Verdict> passed = List.of(Verdict.pass(METRIC, HEALTHY));
        // Steps are the canary's weight indexes; versions are store versions: each transition is
        // written ahead, then committed (two saves).
        assertThat(router.changes()).containsExactly(
                change(0, 4, Decision.ADVANCE, "canary weight 10%", List.of(), 1),
                change(1, 6, Decision.ADVANCE, "analysis passed; canary weight 20%", passed, 2),
                change(2, 8, Decision.ADVANCE, "analysis passed; canary weight 30%", passed, 3),
                change(3, 10, Decision.ADVANCE, "analysis passed; canary weight 40%", passed, 4),
                change(4, 12, Decision.ADVANCE, "analysis passed; canary weight 50%", passed, 5),
                change(1, 16, Decision.FINALIZE, "stable weight 100%", List.of(), 7));
        assertThat(router.changes()).hasSameSizeAs(router.applied()).noneMatch(StepNote::overridesConflict);
    }

    @Test
    void a_failing_canary_tells_the_rollback_with_the_failed_verdict_and_its_observed_value() {
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        RolloutEngine engine = engine(new InMemoryStateStore());
        engine.register(definition("podinfo", canary(2), router, workload(), FAILING));

        runToEnd(engine);

        Verdict failed = Verdict.fail(METRIC, FAILING, "50.0 < min 99.0");
        assertThat(router.applied()).containsExactly(TrafficSplit.canary(10), TrafficSplit.allStable());
        // Version 6 held on the first failure (no split to apply); version 8 rolled back on the second.
        assertThat(router.changes()).containsExactly(
                change(0, 4, Decision.ADVANCE, "canary weight 10%", List.of(), 1),
                change(0, 8, Decision.ROLL_BACK, "analysis failed: " + failed + " (failed 2 of threshold 2)",
                        List.of(failed), 3));
        assertThat(router.changes().get(1).verdicts().get(0).observed()).isEqualTo(50.0);
    }

    @ParameterizedTest(name = "success rate {0}")
    @ValueSource(doubles = {HEALTHY, FAILING})
    void a_split_re_applied_by_a_new_engine_after_a_crash_is_told_exactly_as_the_dead_engine_would_have(double rate) {
        Crashes counting = new Crashes(-1);
        List<StepNote> uncrashed = run(counting, rate).changes();
        int routeWrites = 0;

        for (int crashAt = 0; crashAt < counting.writes(); crashAt++) {
            InMemoryStateStore store = new InMemoryStateStore();
            InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
            InMemoryWorkload workload = workload();
            Crashes crashes = new Crashes(crashAt);
            RolloutEngine dying = engine(store);
            dying.register(definition("podinfo", canary(2), crashes.router(router), crashes.workload(workload), rate));
            assertThat(catchThrowable(() -> runToEnd(dying))).isInstanceOf(Crashes.Crash.class);
            dying.close();
            if (crashes.lostChange() == null) {
                continue;
            }
            routeWrites++;
            StepNote lost = crashes.lostChange();
            assertThat(store.load(ID).orElseThrow().note()).as("persisted before the crash").isEqualTo(lost);

            RolloutEngine resumed = engine(store);
            resumed.register(definition("podinfo", canary(2), router, workload, rate));
            runToEnd(resumed);
            resumed.close();

            assertThat(router.changes()).as("crash at side effect #%d", crashAt)
                    .filteredOn(c -> c.version() == lost.version()).containsExactly(lost);
            // Later steps may be decided a little later (the new engine starts on the next tick); nothing else differs.
            assertThat(router.changes()).extracting(StepNote::step, StepNote::version, StepNote::decision, StepNote::reason,
                    StepNote::verdicts).containsExactlyElementsOf(uncrashed.stream()
                    .map(c -> tuple(c.step(), c.version(), c.decision(), c.reason(), c.verdicts())).toList());
        }
        assertThat(routeWrites).as("crashes that hit a route write").isEqualTo(uncrashed.size());
    }

    private InMemoryTrafficRouter run(Crashes crashes, double rate) {
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        RolloutEngine engine = engine(new InMemoryStateStore());
        engine.register(definition("podinfo", canary(2), crashes.router(router), crashes.workload(workload()), rate));
        runToEnd(engine);
        engine.close();
        return router;
    }
}
