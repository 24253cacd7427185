/**
 * The data a strategy steps over: {@link dev.stepwise.rollout.RolloutState} in,
 * {@link dev.stepwise.rollout.Observation} of the world in, {@link dev.stepwise.rollout.Transition}
 * out, with sealed {@link dev.stepwise.rollout.Action actions} for the engine to carry out.
 * Everything here is an immutable value; nothing reads a clock or does I/O.
 */
@NullMarked
package dev.stepwise.rollout;

import org.jspecify.annotations.NullMarked;
