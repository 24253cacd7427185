/**
 * The timeline of a rollout, written as JSON and as an SVG chart.
 */
@NullMarked
package dev.stepwise.timeline;

import org.jspecify.annotations.NullMarked;
