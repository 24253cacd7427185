/**
 * Metrics from Prometheus: a metric source running the built-in and custom PromQL queries of an analysis.
 */
@NullMarked
package dev.stepwise.metrics.prometheus;

import org.jspecify.annotations.NullMarked;
