/**
 * JMH benchmarks of strategy steps, mesh rendering and engine reconciles, and the scale run.
 */
@NullMarked
package dev.stepwise.bench;

import org.jspecify.annotations.NullMarked;
