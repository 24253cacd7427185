/**
 * Not API: the one strict reader of JSON and YAML trees, {@link dev.stepwise.validation.internal.NodeReader},
 * shared by the spec reader and the stored-rollout codec. Unknown fields are refused and every
 * problem names its path and what was expected; a reader collects every problem or throws the first.
 */
@NullMarked
package dev.stepwise.validation.internal;

import org.jspecify.annotations.NullMarked;
