/**
 * The engine's own metrics on Micrometer: {@link dev.stepwise.micrometer.StepwiseMetrics} is a
 * {@link dev.stepwise.engine.RolloutListener} an embedder adds to its engine.
 */
@NullMarked
package dev.stepwise.micrometer;

import org.jspecify.annotations.NullMarked;
