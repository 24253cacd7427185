package dev.stepwise.bench.decisions;

/**
 * A way of deciding about a canary, run on one seeded scenario. Contestants get the same seeds,
 * so each sees traffic drawn from the same seeded service (the realisations differ where their
 * splits differ).
 */
interface Contestant {

    /** As shown in the table, e.g. "(a) threshold schedule". */
    String name();

    /** Runs {@code scenario} with {@code seed} to a decision or the contestant's deadline. */
    Outcome run(Scenario scenario, long seed);
}
