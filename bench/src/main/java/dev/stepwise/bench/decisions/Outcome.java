package dev.stepwise.bench.decisions;

import java.time.Duration;

/**
 * How one seeded run of one contestant ended.
 *
 * @param decision       promoted, rolled back, or no decision by the deadline
 * @param canaryRequests requests the canary served until the decision (or the deadline)
 * @param time           virtual time from the start until the decision (or the deadline)
 */
record Outcome(Decision decision, long canaryRequests, Duration time) {

    enum Decision { PROMOTED, ROLLED_BACK, UNDECIDED }
}
