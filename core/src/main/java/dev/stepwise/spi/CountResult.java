package dev.stepwise.spi;

import dev.stepwise.analysis.judge.TrackCounts;
import dev.stepwise.validation.InvalidValueException;

/**
 * What a metric source answered to a {@link CountQuery}. Expected failures are values, not
 * exceptions. Neither {@link NoData} nor {@link Failed} is ever evidence of health.
 */
public sealed interface CountResult {

    /** The counts of both tracks over the query's window. */
    record Counts(TrackCounts canary, TrackCounts control) implements CountResult {
        public Counts {
            InvalidValueException.requireNonNull("canary", canary);
            InvalidValueException.requireNonNull("control", control);
        }
    }

    /** The source answered with nothing to count (no series for a track, say). */
    record NoData(String reason) implements CountResult {
        public NoData {
            reason = reason == null ? "" : reason;
        }
    }

    /** The source could not answer, or does not count requests per track. */
    record Failed(String reason) implements CountResult {
        public Failed {
            reason = reason == null ? "" : reason;
        }
    }
}
