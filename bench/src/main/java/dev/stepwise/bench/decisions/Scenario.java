package dev.stepwise.bench.decisions;

import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.TrackBehaviour;
import dev.stepwise.traffic.Track;
import java.time.Duration;
import java.util.List;

/**
 * One simulated canary: the traffic, the stable track's error rate, and how the canary behaves.
 * Latency is log-normal (median {@value #MEDIAN_MS} ms); stable's p99 is {@value #STABLE_P99_MS} ms.
 *
 * @param name          as shown in the table
 * @param requestRate   requests per second reaching the service (Poisson arrivals)
 * @param stableErrors  the stable track's 5xx probability per request
 * @param canaryErrors  the canary's 5xx probability per request, until {@code switchAt}
 * @param canaryP99Ms   the canary's 99th-percentile latency in milliseconds
 * @param switchAt      when the canary's error rate becomes {@code laterErrors}; {@link Duration#ZERO} never
 * @param laterErrors   the canary's 5xx probability from {@code switchAt} on
 * @param harmful       whether rolling back is the right decision (a rollback of one that is not is false)
 */
record Scenario(String name, double requestRate, double stableErrors, double canaryErrors, double canaryP99Ms,
                Duration switchAt, double laterErrors, boolean harmful) {

    static final double MEDIAN_MS = 50.0;
    static final double STABLE_P99_MS = 200.0;
    static final double STABLE_ERRORS = 0.005;

    /** The scenarios, in table order. */
    static List<Scenario> all() {
        return List.of(
                steady("good: canary 0.5%", 100, 0.005, false),
                steady("canary 1% (2x)", 100, 0.01, true),
                steady("canary 2%", 100, 0.02, true),
                steady("canary 5%", 100, 0.05, true),
                new Scenario("p99 +30% (260 ms)", 100, STABLE_ERRORS, STABLE_ERRORS, STABLE_P99_MS * 1.3, Duration.ZERO,
                        STABLE_ERRORS, true),
                steady("good at 1 req/s", 1, 0.005, false),
                steady("good at 0.1 req/s", 0.1, 0.005, false),
                new Scenario("good 3 min, then 5%", 100, STABLE_ERRORS, STABLE_ERRORS, STABLE_P99_MS, Duration.ofMinutes(3),
                        0.05, true));
    }

    private static Scenario steady(String name, double rate, double canaryErrors, boolean harmful) {
        return new Scenario(name, rate, STABLE_ERRORS, canaryErrors, STABLE_P99_MS, Duration.ZERO, canaryErrors, harmful);
    }

    /** A seeded service with Poisson arrivals serving this scenario (the canary as it starts). */
    SimulatedService.Builder service(long seed) {
        return SimulatedService.builder().requestRate(requestRate).poissonArrivals(true).seed(seed)
                .behaviour(Track.STABLE, new TrackBehaviour(stableErrors, MEDIAN_MS, STABLE_P99_MS))
                .behaviour(Track.BASELINE, new TrackBehaviour(stableErrors, MEDIAN_MS, STABLE_P99_MS))
                .behaviour(Track.CANARY, new TrackBehaviour(canaryErrors, MEDIAN_MS, canaryP99Ms));
    }

    /** Whether the canary's error rate changes, at {@link #switchAt}. */
    boolean switches() {
        return !switchAt.isZero();
    }

    /** The canary's share of requests slower than {@code thresholdMs}, from its log-normal latency. */
    double canarySlowRate(double thresholdMs) {
        return slowRate(canaryP99Ms, thresholdMs);
    }

    /** Stable's share of requests slower than {@code thresholdMs}. */
    double stableSlowRate(double thresholdMs) {
        return slowRate(STABLE_P99_MS, thresholdMs);
    }

    private static double slowRate(double p99Ms, double thresholdMs) {
        double sigma = Math.log(p99Ms / MEDIAN_MS) / 2.3263478740408408;
        return 1.0 - Normal.cdf(Math.log(thresholdMs / MEDIAN_MS) / sigma);
    }
}
