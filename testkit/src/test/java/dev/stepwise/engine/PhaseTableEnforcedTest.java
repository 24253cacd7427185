package dev.stepwise.engine;

import static dev.stepwise.engine.RolloutEngineTest.HEALTHY;
import static dev.stepwise.engine.RolloutEngineTest.T0;
import static dev.stepwise.engine.RolloutEngineTest.canary;
import static dev.stepwise.engine.RolloutEngineTest.definition;
import static dev.stepwise.engine.RolloutEngineTest.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.strategy.StrategyKind;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The engine takes no step outside the phase table")
class PhaseTableEnforcedTest {

    @RegisterExtension
    final EveryRolloutHasOneNextLook nextLooks = new EveryRolloutHasOneNextLook();

    /** A canary that, once progressing, claims success straight away: Progressing to Succeeded is no edge. */
    record SkipsPromotion(Strategy canary) implements Strategy {
        @Override
        public StrategyKind kind() {
            return canary.kind();
        }

        @Override
        public AnalysisPolicy analysis() {
            return canary.analysis();
        }

        @Override
        public Transition step(RolloutState state, Observation observation) {
            Transition t = canary.step(state, observation);
            if (state.phase() != Phase.PROGRESSING) {
                return t;
            }
            return new Transition(t.state().withPhase(Phase.SUCCEEDED), t.actions(), t.decision(), t.analysis(),
                    t.reason(), t.next());
        }

        @Override
        public int stepsToSuccess() {
            return canary.stepsToSuccess();
        }
    }

    @Test
    @DisplayName("a strategy leaving Progressing for Succeeded fails the reconcile, naming both phases, and nothing of it is written or applied")
    void illegalTransitionIsNeitherWrittenNorApplied() {
        VirtualScheduler scheduler = VirtualScheduler.startingAt(T0);
        List<RolloutEvent> events = new ArrayList<>();
        InMemoryStateStore store = new InMemoryStateStore();
        RolloutEngine engine = nextLooks.watch(RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler)
                .stateStore(store).listener(events::add).build(), scheduler);
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();

        engine.register(definition("podinfo", new SkipsPromotion(canary(1)), router, workload(), HEALTHY));
        scheduler.advance(Duration.ofMinutes(5));

        assertThat(store.load("test/podinfo").orElseThrow().state().phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(router.applied()).isEmpty();
        assertThat(events).filteredOn(RolloutEvent.Failed.class::isInstance).isNotEmpty()
                .allSatisfy(e -> assertThat(((RolloutEvent.Failed) e).error())
                        .isEqualTo("IllegalPhaseTransitionException: illegal phase transition from Progressing to Succeeded"));
        engine.close();
    }
}
