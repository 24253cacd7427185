/**
 * Rollout specs: YAML and JSON documents in Flagger's shape, read into a validated
 * {@link dev.stepwise.spec.RolloutSpec} and written back.
 *
 * <p>Reading never stops at the first problem: the document is parsed to a tree, then walked
 * field by field with its path, and every unknown field (with the closest known name), wrong
 * type, missing or out-of-range value is collected; the strategies' and the analysis policy's
 * own checks are reported under the path they belong to. All of them are thrown together in an
 * {@link dev.stepwise.spec.InvalidSpecException}, in document order, e.g.
 * {@code spec.strategy.canary.stepWeights[2]: 30 must be greater than the previous step 50}.
 *
 * <p>Unlike the strategies and the model, this package does I/O ({@link
 * dev.stepwise.spec.RolloutSpec#read(java.nio.file.Path)}).
 */
@NullMarked
package dev.stepwise.spec;

import org.jspecify.annotations.NullMarked;
