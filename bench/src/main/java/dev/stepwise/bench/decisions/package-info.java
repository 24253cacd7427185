/**
 * The decision-quality run ({@code bench/run-decisions}): how often, how early and at what
 * exposure each way of deciding promotes or rolls back simulated canaries, over many seeds.
 * {@link dev.stepwise.bench.decisions.DecisionRun} is the entry point.
 */
@NullMarked
package dev.stepwise.bench.decisions;

import org.jspecify.annotations.NullMarked;
