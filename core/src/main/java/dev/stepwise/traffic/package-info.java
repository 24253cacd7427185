/**
 * How live traffic is divided between tracks: {@link dev.stepwise.traffic.TrafficSplit} (weights,
 * request matches for A/B tests, mirroring) and the {@link dev.stepwise.traffic.Track tracks}.
 * Immutable values; invalid ones are rejected with the field and its allowed range.
 */
@NullMarked
package dev.stepwise.traffic;

import org.jspecify.annotations.NullMarked;
