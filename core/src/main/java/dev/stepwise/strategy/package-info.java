/**
 * Rollout strategies as pure step functions: {@link dev.stepwise.strategy.Strategy} and the
 * built-ins (canary, blue/green, rolling, A/B test), each configured by a validating builder.
 * A strategy can be unit-tested by calling {@code step} with hand-made observations, or run on
 * virtual time with the testkit's {@code RolloutSimulation}.
 */
@NullMarked
package dev.stepwise.strategy;

import org.jspecify.annotations.NullMarked;
