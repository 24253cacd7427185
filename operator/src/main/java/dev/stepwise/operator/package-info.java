/**
 * The reference controller: {@code Rollout} resources ({@code stepwise.dev/v1alpha1}) in the
 * cluster become {@link dev.stepwise.engine.RolloutDefinition}s through the spec bridge and run in
 * one {@link dev.stepwise.engine.RolloutEngine}; their {@code status} is the engine's record,
 * projected. {@link dev.stepwise.operator.RolloutResource} names the resource.
 */
@NullMarked
package dev.stepwise.operator;

import org.jspecify.annotations.NullMarked;
