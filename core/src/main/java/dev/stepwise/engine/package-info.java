/**
 * The rollout engine: registers rollouts, reconciles each one step at a time through the SPIs,
 * and reports what happened to listeners.
 */
@NullMarked
package dev.stepwise.engine;

import org.jspecify.annotations.NullMarked;
