package dev.stepwise.bench.decisions;

import java.util.Arrays;
import java.util.List;

/**
 * One contestant's outcomes on one scenario over every seed, summarised. Requests and times are
 * over the runs that reached a decision (promoted or rolled back); undecided runs are counted apart.
 */
record Tally(String contestant, Scenario scenario, int runs, int promoted, int rolledBack, int undecided,
             double meanRequests, long medianRequests, long p95Requests, long medianSeconds, long p95Seconds) {

    static Tally of(String contestant, Scenario scenario, List<Outcome> outcomes) {
        int promoted = 0;
        int rolledBack = 0;
        long[] requests = outcomes.stream().filter(o -> o.decision() != Outcome.Decision.UNDECIDED)
                .mapToLong(Outcome::canaryRequests).sorted().toArray();
        long[] seconds = outcomes.stream().filter(o -> o.decision() != Outcome.Decision.UNDECIDED)
                .mapToLong(o -> o.time().toSeconds()).sorted().toArray();
        for (Outcome outcome : outcomes) {
            if (outcome.decision() == Outcome.Decision.PROMOTED) {
                promoted++;
            } else if (outcome.decision() == Outcome.Decision.ROLLED_BACK) {
                rolledBack++;
            }
        }
        return new Tally(contestant, scenario, outcomes.size(), promoted, rolledBack, outcomes.size() - promoted - rolledBack,
                Arrays.stream(requests).average().orElse(Double.NaN), quantile(requests, 0.5), quantile(requests, 0.95),
                quantile(seconds, 0.5), quantile(seconds, 0.95));
    }

    /** Nearest-rank quantile of sorted values; -1 when there are none. */
    static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    double promotedShare() {
        return promoted / (double) runs;
    }

    double rolledBackShare() {
        return rolledBack / (double) runs;
    }

    /** Rollbacks of a canary that is not harmful, as a share of runs; 0 for a harmful one. */
    double falseRollbackShare() {
        return scenario.harmful() ? 0.0 : rolledBackShare();
    }
}
