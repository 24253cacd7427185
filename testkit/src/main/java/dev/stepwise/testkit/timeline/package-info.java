/**
 * The timeline of a simulated rollout, written as JSON and as an SVG chart.
 */
@NullMarked
package dev.stepwise.testkit.timeline;

import org.jspecify.annotations.NullMarked;
