package dev.stepwise.analysis;

import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;

/** What a judge counts as a bad request: one answered with a 5xx, or one slower than a latency threshold. */
public sealed interface BadRequests {

    /** The slowest threshold: 24 hours, as {@link MetricCheck#MAX_LATENCY_MS}. */
    Duration MAX_SLOWER_THAN = Duration.ofMillis((long) MetricCheck.MAX_LATENCY_MS);

    /** Requests answered with a 5xx (the complement of {@value MetricCheck#REQUEST_SUCCESS_RATE}). */
    static BadRequests errors() {
        return new Errors();
    }

    /** Requests slower than {@code threshold}, 1 ms..24 h. */
    static BadRequests slowerThan(Duration threshold) {
        return new SlowerThan(threshold);
    }

    /** The spec's word for it: {@code errors} or {@code slow}. */
    String metric();

    /** Requests answered with a 5xx. */
    record Errors() implements BadRequests {
        @Override
        public String metric() {
            return "errors";
        }

        @Override
        public String toString() {
            return "errors";
        }
    }

    /**
     * Requests slower than {@code threshold}.
     *
     * @param threshold 1 ms..24 h
     */
    record SlowerThan(Duration threshold) implements BadRequests {
        public SlowerThan {
            InvalidValueException.requireBetween("slowerThan", threshold, Duration.ofMillis(1), MAX_SLOWER_THAN);
        }

        @Override
        public String metric() {
            return "slow";
        }

        @Override
        public String toString() {
            return "slower than " + threshold.toMillis() + "ms";
        }
    }
}
