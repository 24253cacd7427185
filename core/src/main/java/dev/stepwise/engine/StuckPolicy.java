package dev.stepwise.engine;

/** What the engine does with a rollout whose reconciles keep failing past {@link RetryPolicy#deadline()}. */
public enum StuckPolicy {
    /**
     * Pause it where it is: traffic stays as it was, nothing more moves until an operator resumes
     * or aborts. The default: a rollout whose mesh or workload cannot be reached might not be able
     * to roll back either, and a pause never makes things worse.
     */
    PAUSE,
    /** Roll it back: all traffic to stable (retried until the router accepts it). */
    ROLL_BACK
}
