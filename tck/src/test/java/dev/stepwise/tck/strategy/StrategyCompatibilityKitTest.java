package dev.stepwise.tck.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.strategy.ABTestStrategy;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.strategy.StrategyKind;
import dev.stepwise.tck.StrategyCompatibilityKit;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.TrafficNeeds;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

@DisplayName("StrategyCompatibilityKit catches a broken strategy and names the rule")
class StrategyCompatibilityKitTest {

    @Test
    @DisplayName("a strategy that advances on a failing analysis breaks 'failing analysis never advances'")
    void catches_advancing_on_failure() {
        List<String> failures = failuresOf(AdvancesOnFailureKit.class);

        assertThat(failures).anySatisfy(message -> assertThat(message)
                .contains("rule '" + StrategyCompatibilityKit.FAILING_ANALYSIS + "' broken at step")
                .contains("path of states").contains("fail (judged) -> advance"));
    }

    @Test
    @DisplayName("a strategy writing a header match it did not declare breaks 'trafficNeeds covers every split'")
    void catches_undeclared_header_match() {
        List<String> failures = failuresOf(UndeclaredMatchKit.class);

        assertThat(failures).anySatisfy(message -> assertThat(message)
                .contains("rule '" + StrategyCompatibilityKit.TRAFFIC_NEEDS + "' broken at step")
                .contains("is not covered by trafficNeeds()").contains("x-canary"));
    }

    /** Runs a kit subclass on the JUnit Platform and returns the messages of its failures. */
    private static List<String> failuresOf(Class<?> kit) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(kit)).build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        assertThat(summary.getTestsFoundCount()).as("the kit's properties ran").isPositive();
        return summary.getFailures().stream().map(f -> String.valueOf(f.getException().getMessage())).toList();
    }

    /** A canary that reads every analysis as passed: it advances on failures. */
    static final class AdvancesOnFailureKit extends StrategyCompatibilityKit {
        @Override
        protected Strategy strategy(AnalysisPolicy analysis) {
            CanaryStrategy canary = CanaryStrategy.builder().stepWeight(25).analysis(analysis).build();
            return new Forwarding(canary, canary.trafficNeeds()) {
                @Override
                public Transition step(RolloutState state, Observation observation) {
                    List<Verdict> passed = observation.verdicts().stream().map(v -> Verdict.pass(v.metric(), 100)).toList();
                    return super.step(state, new Observation(observation.now(), observation.revision(), passed,
                            observation.readyTracks(), observation.commands(), observation.openGates(),
                            observation.hookResults()));
                }
            };
        }
    }

    /** An A/B test that declares whole switches only, yet routes a header match to the canary. */
    static final class UndeclaredMatchKit extends StrategyCompatibilityKit {
        @Override
        protected Strategy strategy(AnalysisPolicy analysis) {
            return new Forwarding(ABTestStrategy.builder().iterations(2)
                    .match(MatchCondition.header("x-canary", MatchCondition.Operator.EXACT, "insider")).analysis(analysis).build(),
                    TrafficNeeds.wholeSwitches("the undeclared A/B test"));
        }
    }

    /** A strategy written directly against {@link Strategy}, forwarding to another, with needs of its own. */
    private static class Forwarding implements Strategy {
        private final Strategy delegate;
        private final TrafficNeeds needs;

        Forwarding(Strategy delegate, TrafficNeeds needs) {
            this.delegate = delegate;
            this.needs = needs;
        }

        @Override
        public StrategyKind kind() {
            return StrategyKind.CUSTOM;
        }

        @Override
        public AnalysisPolicy analysis() {
            return delegate.analysis();
        }

        @Override
        public Transition step(RolloutState state, Observation observation) {
            return delegate.step(state, observation);
        }

        @Override
        public int stepsToSuccess() {
            return delegate.stepsToSuccess();
        }

        @Override
        public TrafficNeeds trafficNeeds() {
            return needs;
        }

        @Override
        public String toString() {
            return "broken " + delegate;
        }
    }
}
