/**
 * Runnable examples of embedding Stepwise: a simulated canary, an embedding and a GitOps rollout.
 */
@NullMarked
package dev.stepwise.examples;

import org.jspecify.annotations.NullMarked;
