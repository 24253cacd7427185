package dev.stepwise.engine;

/**
 * Receives a rollout's events, on the thread that reconciles it. A listener must be quick; an
 * exception it throws is logged and does not affect the rollout.
 */
@FunctionalInterface
public interface RolloutListener {

    void onEvent(RolloutEvent event);
}
