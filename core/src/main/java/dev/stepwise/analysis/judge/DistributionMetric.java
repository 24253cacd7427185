package dev.stepwise.analysis.judge;

import dev.stepwise.validation.Problems;

/**
 * One metric a {@link MannWhitneyJudge} compares between canary and control, sample by sample.
 *
 * @param name      the metric's name, unique within its judge
 * @param query     the query template the metric source runs once per track for the samples (for
 *                  Prometheus a PromQL template; see the spec reference), non-empty
 * @param direction which change harms; default {@link HarmDirection#INCREASE}
 * @param tolerance the shift tolerated either way; default {@link Tolerance#ofDefaults()} (10% of the control's median)
 * @param weight    its share of the score, greater than 0 and at most 1000; default 1
 * @param critical  whether its harm fails the judge whatever the score; default false
 */
public record DistributionMetric(String name, String query, HarmDirection direction, Tolerance tolerance,
                                 double weight, boolean critical) {

    public static final double MAX_WEIGHT = 1000.0;

    public DistributionMetric {
        Problems problems = new Problems();
        if (name == null || name.isBlank()) {
            problems.add("name", "must be a non-empty name");
        }
        if (query == null || query.isBlank()) {
            problems.add("query", "must be a non-empty query template");
        }
        if (direction == null) {
            problems.add("direction", "is required (one of " + HarmDirection.labels() + ")");
        }
        if (tolerance == null) {
            problems.add("tolerance", "is required ({relative: 0.1} or {absolute: 0.05})");
        }
        if (!(weight > 0.0 && weight <= MAX_WEIGHT)) {
            problems.add("weight", weight + " must be greater than 0 and at most 1000");
        }
        problems.throwIfAny("metric");
    }

    /** A metric with the defaults: harm when it increases by more than 10%, weight 1, not critical. */
    public static DistributionMetric of(String name, String query) {
        return new DistributionMetric(name, query, HarmDirection.INCREASE, Tolerance.ofDefaults(), 1.0, false);
    }

    @Override
    public String toString() {
        return name + " (" + direction.label() + " harms beyond " + tolerance + ", weight " + weight
                + (critical ? ", critical" : "") + ")";
    }
}
