/**
 * Bounds on every document Stepwise reads (specs, scenarios, stored rollouts, manifests):
 * {@link dev.stepwise.input.InputLimits}, checked before and while parsing.
 */
@NullMarked
package dev.stepwise.input;

import org.jspecify.annotations.NullMarked;
