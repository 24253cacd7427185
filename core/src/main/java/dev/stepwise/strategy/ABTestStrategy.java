package dev.stepwise.strategy;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficNeeds;
import dev.stepwise.traffic.TrafficSplit;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A/B testing, as Flagger runs it: requests matching one of the {@code matches} (a header or a
 * cookie, e.g. a beta-tester cookie) go to the new revision, every other request to stable, for
 * {@code iterations} analysis intervals; then the canary is promoted and the matches removed.
 *
 * <p>A healthy rollout, step by step ({@link #stepsToSuccess()} of them):
 * <ol>
 *   <li>start: canary scaled up, pre-rollout hooks called;</li>
 *   <li>matching requests routed to the canary;</li>
 *   <li>{@code iterations} analyses; the last pass (once confirm-promotion is open) copies the
 *       canary template to stable;</li>
 *   <li>once stable is ready, the matches removed: every request to stable;</li>
 *   <li>canary scaled to zero, post-rollout hooks: Succeeded.</li>
 * </ol>
 * Failed analyses count over the whole rollout; the one reaching {@code threshold} removes the
 * matches and scales the canary down in the same step.
 *
 * <p>There is no {@code ofDefaults()}: which requests take part in the test is a decision about
 * users (who may see the new version), so there is no safe default and the builder requires at
 * least one match.
 */
public final class ABTestStrategy extends BuiltInMovement {

    /** Analyses before promotion: 10. */
    public static final int DEFAULT_ITERATIONS = 10;
    /** The most iterations allowed: 1000. */
    public static final int MAX_ITERATIONS = 1000;

    private static final int TESTING = 0;

    private final int iterations;
    private final List<RouteMatch> matches;

    /** Called by {@link ABTestStrategyBuilder#build()} with validated values. */
    ABTestStrategy(AnalysisPolicy analysis, int iterations, List<RouteMatch> matches) {
        super(analysis, false);
        this.iterations = iterations;
        this.matches = List.copyOf(matches);
    }

    /** A builder with {@value #DEFAULT_ITERATIONS} iterations, the default analysis and no match yet (one is required). */
    public static ABTestStrategyBuilder builder() {
        return new ABTestStrategyBuilder();
    }

    @Override
    public StrategyKind kind() {
        return StrategyKind.AB_TEST;
    }

    /** Passed analyses needed before promotion. */
    public int iterations() {
        return iterations;
    }

    /** The routes sending matching requests to the canary; at least one, all to {@link Track#CANARY}. */
    public List<RouteMatch> matches() {
        return matches;
    }

    /** {@code iterations + 4}, as Flagger: start, routing, iterations, route back, scale down. */
    @Override
    public int stepsToSuccess() {
        return iterations + 4;
    }

    /** Header or cookie matches ({@code matches}); weights 0 and 100 only. */
    @Override
    public TrafficNeeds trafficNeeds() {
        return BuiltInTrafficNeeds.abTest(this);
    }

    /** The test: matching requests to the canary, every other request to stable. */
    TrafficSplit testSplit() {
        return TrafficSplit.allStable().withMatches(matches);
    }

    @Override
    boolean analysisDue(RolloutState state) {
        return state.phase() == Phase.PROGRESSING && state.stepIndex() >= TESTING;
    }

    @Override
    Transition progress(RolloutState state, Observation obs) {
        if (!obs.isReady(Track.CANARY)) {
            return waitReady(state, Track.CANARY);
        }
        if (state.stepIndex() < TESTING) {
            return routeMatches(state, obs);
        }
        return iterate(state, obs, iterations, "A/B test of " + state.revision());
    }

    /** Pre-rollout hooks, then matching requests to the canary. */
    private Transition routeMatches(RolloutState state, Observation obs) {
        String preRollout = preRolloutFailure(obs);
        if (preRollout != null) {
            return failed(state, obs, AnalysisOutcome.NONE, preRollout,
                    List.of(new Action.CallWebhook(HookType.PRE_ROLLOUT)));
        }
        TrafficSplit split = testSplit();
        RolloutState next = state.withSplit(split).atStep(TESTING, obs.now())
                .withCounters(0, state.failedAnalyses(), 0);
        String why = "routing " + describeMatches() + " to the canary";
        return new Transition(next, List.of(new Action.SetTraffic(split), Action.Emit.info("A/B test started: " + why)),
                Decision.ADVANCE, AnalysisOutcome.NONE, why, lookAgain(next, analysisDue(next)));
    }

    @Override
    Transition promoting(RolloutState state, Observation obs) {
        if (!obs.isReady(Track.STABLE)) {
            return waitReady(state, Track.STABLE);
        }
        if (state.split().isAllStable()) {
            return succeed(state, obs);
        }
        TrafficSplit split = TrafficSplit.allStable();
        RolloutState next = state.withSplit(split).atStep(state.stepIndex() + 1, obs.now());
        return new Transition(next, List.of(new Action.SetTraffic(split),
                Action.Emit.info("Routing all traffic to the promoted stable track")),
                Decision.FINALIZE, AnalysisOutcome.NONE, "matches removed; all traffic on stable", lookAgain(next, false));
    }

    private String describeMatches() {
        return matches.stream().map(m -> "(" + m.conditions().stream().map(MatchCondition::toString)
                .collect(Collectors.joining(" and ")) + ")").collect(Collectors.joining(" or "));
    }

    @Override
    public String toString() {
        return "ABTestStrategy[iterations " + iterations + ", matches " + matches
                + ", analysis every " + analysis().interval() + ", threshold " + analysis().threshold() + "]";
    }
}
