/**
 * How the Prometheus metric source calls the HTTP API and parses its responses. Not API: may change in any release.
 */
@NullMarked
package dev.stepwise.metrics.prometheus.internal;

import org.jspecify.annotations.NullMarked;
