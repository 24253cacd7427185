package dev.stepwise.testkit;

import dev.stepwise.validation.InvalidValueException;
import java.util.Random;

/**
 * How the pods of one track answer requests in a {@link SimulatedService}.
 *
 * <p>Latency follows a log-normal distribution fixed by its median and its 99th percentile, the
 * usual shape of service latency: most requests near the median, a long tail to the right.
 *
 * @param errorProbability chance that a request is answered with a 5xx, 0..1; default
 *                         {@value #DEFAULT_ERROR_PROBABILITY}
 * @param latencyMedianMs  median latency in milliseconds, positive; default {@value #DEFAULT_LATENCY_MEDIAN_MS}
 * @param latencyP99Ms     99th-percentile latency in milliseconds, at least the median; default
 *                         {@value #DEFAULT_LATENCY_P99_MS}
 */
public record TrackBehaviour(double errorProbability, double latencyMedianMs, double latencyP99Ms) {

    public static final double DEFAULT_ERROR_PROBABILITY = 0.0;
    public static final double DEFAULT_LATENCY_MEDIAN_MS = 50.0;
    public static final double DEFAULT_LATENCY_P99_MS = 200.0;

    /** The standard normal quantile at 0.99: {@code p99 = median * exp(Z_99 * sigma)}. */
    private static final double Z_99 = 2.3263478740408408;

    public TrackBehaviour {
        validate("", errorProbability, latencyMedianMs, latencyP99Ms);
    }

    /** No errors, median {@value #DEFAULT_LATENCY_MEDIAN_MS} ms, p99 {@value #DEFAULT_LATENCY_P99_MS} ms. */
    public static TrackBehaviour ofDefaults() {
        return new TrackBehaviour(DEFAULT_ERROR_PROBABILITY, DEFAULT_LATENCY_MEDIAN_MS, DEFAULT_LATENCY_P99_MS);
    }

    public TrackBehaviour withErrorProbability(double probability) {
        return new TrackBehaviour(probability, latencyMedianMs, latencyP99Ms);
    }

    public TrackBehaviour withLatency(double medianMs, double p99Ms) {
        return new TrackBehaviour(errorProbability, medianMs, p99Ms);
    }

    /** One latency sample in milliseconds. */
    double sampleLatencyMs(Random random) {
        double sigma = Math.log(latencyP99Ms / latencyMedianMs) / Z_99;
        return latencyMedianMs * Math.exp(sigma * random.nextGaussian());
    }

    /**
     * Checks the three values, naming a rejected one with {@code prefix} before the field, e.g.
     * {@code canary.errorProbability: 1.5 must be between 0 and 1}.
     */
    static void validate(String prefix, double errorProbability, double latencyMedianMs, double latencyP99Ms) {
        if (!(errorProbability >= 0.0 && errorProbability <= 1.0)) {
            throw new InvalidValueException(prefix + "errorProbability", errorProbability, "must be between 0 and 1");
        }
        if (!(latencyMedianMs > 0.0) || !Double.isFinite(latencyMedianMs)) {
            throw new InvalidValueException(prefix + "latencyMedianMs", latencyMedianMs, "must be a positive number");
        }
        if (!(latencyP99Ms >= latencyMedianMs) || !Double.isFinite(latencyP99Ms)) {
            throw new InvalidValueException(prefix + "latencyP99Ms", latencyP99Ms,
                    "must be a finite number at least the median " + latencyMedianMs);
        }
    }
}
