package dev.stepwise.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The request counters and the real Prometheus scraping them, started once for every test of
 * {@code stepwise run} in this JVM (and stopped when it exits): services {@code podinfo} (healthy),
 * {@code failing} (half of the canary's requests fail) and {@code holding} (5% fail).
 */
final class RunMetrics {

    private static RunMetrics shared;

    final RequestCounters counters;
    final ScrapingPrometheus prometheus;

    private RunMetrics(RequestCounters counters, ScrapingPrometheus prometheus) {
        this.counters = counters;
        this.prometheus = prometheus;
    }

    /** The shared counters and Prometheus, started at the first call, with data for every service. */
    static synchronized RunMetrics get() {
        if (shared == null) {
            RequestCounters counters = RequestCounters.start().service("podinfo", 0).service("failing", 0.5)
                    .service("holding", 0.05);
            try {
                ScrapingPrometheus prometheus = ScrapingPrometheus.start(counters.address());
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    prometheus.close();
                    counters.close();
                }, "run-metrics-stop"));
                prometheus.awaitSeries("rate(http_requests_total[3s])", 12, Duration.ofSeconds(30));
                shared = new RunMetrics(counters, prometheus);
            } catch (IOException e) {
                counters.close();
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }
}
