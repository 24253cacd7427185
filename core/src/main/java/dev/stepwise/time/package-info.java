/**
 * Time as people write it: {@link dev.stepwise.time.Durations} reads and writes Go / Flagger style
 * durations ({@code 30s}, {@code 1m30s}) and ISO-8601 ones, for specs, adapter configuration and
 * reports alike. Pure: no clock is read here.
 */
@NullMarked
package dev.stepwise.time;

import org.jspecify.annotations.NullMarked;
