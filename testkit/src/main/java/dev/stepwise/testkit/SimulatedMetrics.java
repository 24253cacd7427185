package dev.stepwise.testkit;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges an {@link AnalysisPolicy}'s metric checks on the traffic of a {@link SimulatedService},
 * as a metrics backend would on real traffic.
 *
 * <p>The built-in checks measure the canary, mirrored requests included:
 * {@value MetricCheck#REQUEST_SUCCESS_RATE} is the percent of requests answered without a 5xx,
 * {@value MetricCheck#REQUEST_DURATION} the 99th-percentile latency in milliseconds. Each value is
 * judged by the check's {@link MetricCheck#thresholdRange() threshold range}; a canary without
 * requests in the window gives {@code NaN}, which is {@link Verdict.Status#NO_DATA no data}, never
 * a pass. A custom-query check gets an {@link Verdict.Status#ERROR error} verdict: there is no
 * query language to run it.
 *
 * <p>Every check is judged on the same window: a check's own {@link MetricCheck#interval()} is
 * not simulated.
 */
public final class SimulatedMetrics {

    /** The reason of the verdict of a custom-query check. */
    public static final String BUILT_IN_ONLY = "simulated metrics support built-in checks only";

    private final SimulatedService service;

    private SimulatedMetrics(SimulatedService service) {
        this.service = InvalidValueException.requireNonNull("service", service);
    }

    public static SimulatedMetrics of(SimulatedService service) {
        return new SimulatedMetrics(service);
    }

    /** Serves one window of {@code window} at {@code split} and judges every metric check of {@code policy}. */
    public List<Verdict> verdicts(AnalysisPolicy policy, TrafficSplit split, Duration window) {
        InvalidValueException.requireNonNull("policy", policy);
        return judge(policy.metrics(), service.observe(split, window));
    }

    /** Judges {@code checks}, in order, on a window already served. */
    public static List<Verdict> judge(List<MetricCheck> checks, TrafficWindow window) {
        List<Verdict> verdicts = new ArrayList<>();
        for (MetricCheck check : checks) {
            verdicts.add(judge(check, window));
        }
        return List.copyOf(verdicts);
    }

    /** Judges one check on a window already served. */
    public static Verdict judge(MetricCheck check, TrafficWindow window) {
        if (MetricCheck.REQUEST_SUCCESS_RATE.equals(check.name()) && check.query().isEmpty()) {
            return check.thresholdRange().judge(check.name(), window.canary().successRatePercent());
        }
        if (MetricCheck.REQUEST_DURATION.equals(check.name()) && check.query().isEmpty()) {
            return check.thresholdRange().judge(check.name(), window.canary().p99Ms());
        }
        return Verdict.error(check.name(), BUILT_IN_ONLY);
    }
}
