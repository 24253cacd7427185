package dev.stepwise.spi;

import java.util.List;

/**
 * What a metric source answered to a {@link SampleQuery}. Expected failures are values, not
 * exceptions. Neither {@link NoData} nor {@link Failed} is ever evidence of health.
 */
public sealed interface SampleResult {

    /**
     * The track's samples in time order; NaN or an infinity stands for an evaluation without a
     * value (the judge drops and counts it).
     */
    record Samples(List<Double> values) implements SampleResult {
        public Samples {
            values = List.copyOf(values);
        }

        /** The values as an array, for the judge. */
        public double[] toArray() {
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    /** The source answered with no sample for the track (no series, say). */
    record NoData(String reason) implements SampleResult {
        public NoData {
            reason = reason == null ? "" : reason;
        }
    }

    /** The source could not answer, or does not answer samples per track. */
    record Failed(String reason) implements SampleResult {
        public Failed {
            reason = reason == null ? "" : reason;
        }
    }
}
