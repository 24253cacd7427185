package dev.stepwise.strategy;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import dev.stepwise.validation.Problem;
import dev.stepwise.validation.Problems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a validated {@link ABTestStrategy}. At least one match is required; iterations and
 * analysis have defaults.
 */
public final class ABTestStrategyBuilder {
    private int iterations = ABTestStrategy.DEFAULT_ITERATIONS;
    private final List<RouteMatch> matches = new ArrayList<>();
    /** Problems found when each match was added, by position: reported by {@link #problems()}, not thrown. */
    private final List<List<Problem>> matchProblems = new ArrayList<>();
    private boolean matchesMissing;
    private AnalysisPolicy analysis = AnalysisPolicy.ofDefaults();

    ABTestStrategyBuilder() {
    }

    /** Passed analyses before promotion, 1..1000; default {@value ABTestStrategy#DEFAULT_ITERATIONS}. */
    public ABTestStrategyBuilder iterations(int iterations) {
        this.iterations = iterations;
        return this;
    }

    /** Replaces the matches; required, at least one, each to {@link Track#CANARY}. */
    public ABTestStrategyBuilder matches(List<RouteMatch> matches) {
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
    public ABTestStrategyBuilder match(MatchCondition... allOf) {
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
    public ABTestStrategyBuilder analysis(AnalysisPolicy analysis) {
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
        return new ABTestStrategy(analysis, iterations, matches);
    }

    private Problems validate() {
        Problems problems = new Problems();
        problems.checkBetween("iterations", iterations, 1, ABTestStrategy.MAX_ITERATIONS);
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
