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
import dev.stepwise.validation.Problem;
import dev.stepwise.validation.Problems;
import java.util.ArrayList;
import java.util.Arrays;
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
public final class ABTestStrategy extends BuiltInStrategy {

    /** Analyses before promotion: 10. */
    public static final int DEFAULT_ITERATIONS = 10;
    /** The most iterations allowed: 1000. */
    public static final int MAX_ITERATIONS = 1000;

    private static final int TESTING = 0;

    private final int iterations;
    private final List<RouteMatch> matches;

    private ABTestStrategy(Builder b) {
        super(b.analysis, false);
        this.iterations = b.iterations;
        this.matches = List.copyOf(b.matches);
    }

    /** A builder with {@value #DEFAULT_ITERATIONS} iterations, the default analysis and no match yet (one is required). */
    public static Builder builder() {
        return new Builder();
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

    /**
     * Builds a validated {@link ABTestStrategy}. At least one match is required; iterations and
     * analysis have defaults.
     */
    public static final class Builder {
        private int iterations = DEFAULT_ITERATIONS;
        private final List<RouteMatch> matches = new ArrayList<>();
        /** Problems found when each match was added, by position: reported by {@link #problems()}, not thrown. */
        private final List<List<Problem>> matchProblems = new ArrayList<>();
        private boolean matchesMissing;
        private AnalysisPolicy analysis = AnalysisPolicy.ofDefaults();

        private Builder() {
        }

        /** Passed analyses before promotion, 1..1000; default {@value #DEFAULT_ITERATIONS}. */
        public Builder iterations(int iterations) {
            this.iterations = iterations;
            return this;
        }

        /** Replaces the matches; required, at least one, each to {@link Track#CANARY}. */
        public Builder matches(List<RouteMatch> matches) {
            this.matches.clear();
            this.matchProblems.clear();
            this.matchesMissing = matches == null;
            if (matches != null) {
                matches.forEach(m -> {
                    this.matches.add(m);
                    this.matchProblems.add(List.of());
                });
            }
            return this;
        }

        /** Adds a match: requests satisfying all of {@code allOf} (at least one) go to the canary. */
        public Builder match(MatchCondition... allOf) {
            String path = "matches[" + matches.size() + "]";
            Problems problems = new Problems();
            List<MatchCondition> conditions = allOf == null ? List.of() : Arrays.asList(allOf);
            if (conditions.isEmpty()) {
                problems.add(path + ".conditions", "must hold at least one header or cookie condition");
            }
            for (int i = 0; i < conditions.size(); i++) {
                if (conditions.get(i) == null) {
                    problems.add(path + ".conditions[" + i + "]", "is required");
                }
            }
            RouteMatch match = problems.isEmpty() ? new RouteMatch(conditions, Track.CANARY) : null;
            matches.add(match);
            matchProblems.add(problems.toList());
            return this;
        }

        /** How rollouts are judged; default {@link AnalysisPolicy#ofDefaults()}. */
        public Builder analysis(AnalysisPolicy analysis) {
            this.analysis = analysis;
            return this;
        }

        /** Every problem with this configuration, each with its field; empty when valid. */
        public List<Problem> problems() {
            return validate().toList();
        }

        /** @throws dev.stepwise.validation.InvalidConfigException listing every problem */
        public ABTestStrategy build() {
            validate().throwIfAny("A/B test strategy");
            return new ABTestStrategy(this);
        }

        private Problems validate() {
            Problems problems = new Problems();
            problems.checkBetween("iterations", iterations, 1, MAX_ITERATIONS);
            if (matchesMissing || matches.isEmpty()) {
                problems.add("matches", "must hold at least one match (a header or cookie routed to the canary)");
            }
            for (int i = 0; i < matches.size(); i++) {
                RouteMatch match = matches.get(i);
                String path = "matches[" + i + "]";
                problems.addAll("", matchProblems.get(i));
                if (match == null && matchProblems.get(i).isEmpty()) {
                    problems.add(path, "is required");
                } else if (match != null && match.track() != Track.CANARY) {
                    problems.add(path + ".track", match.track()
                            + " must be canary: an A/B test routes matching requests to the new revision");
                }
            }
            if (analysis == null) {
                problems.add("analysis", "is required");
            }
            return problems;
        }
    }
}
