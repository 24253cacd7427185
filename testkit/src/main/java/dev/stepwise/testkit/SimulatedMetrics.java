package dev.stepwise.testkit;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Judges an {@link AnalysisPolicy}'s metric checks on the traffic of a {@link SimulatedService},
 * as a metrics backend would on real traffic.
 *
 * <p>The built-in checks measure the canary, mirrored requests included:
 * {@value MetricCheck#REQUEST_SUCCESS_RATE} is the percent of requests answered without a 5xx,
 * {@value MetricCheck#REQUEST_DURATION} the 99th-percentile latency in milliseconds. Each value is
 * judged by the check's {@link MetricCheck#thresholdRange() threshold range}; a canary without
 * requests in the window gives {@code NaN}, which is {@link Verdict.Status#NO_DATA no data}, never
 * a pass. A custom-query check gets an {@link Verdict.Status#ERROR error} verdict
 * ({@value #BUILT_IN_ONLY}): there is no query language to run it; unless the simulation
 * {@linkplain #withCustomMetrics supplies its value}, which is then judged by the check's range
 * like a built-in's ({@code NaN} is no data).
 *
 * <p>Every check is judged on the same window: a check's own {@link MetricCheck#interval()} is
 * not simulated.
 *
 * <p>Immutable, but a supplied custom metric is read each time its check is judged, so its value
 * may change between analyses.
 */
public final class SimulatedMetrics {

    /** The reason of the verdict of a custom-query check. */
    public static final String BUILT_IN_ONLY = "simulated metrics support built-in checks only";

    private final SimulatedService service;
    private final Map<String, DoubleSupplier> customMetrics;

    private SimulatedMetrics(SimulatedService service, Map<String, DoubleSupplier> customMetrics) {
        this.service = InvalidValueException.requireNonNull("service", service);
        this.customMetrics = customMetrics;
    }

    /** Metrics of {@code service} measuring the built-in checks only. */
    public static SimulatedMetrics of(SimulatedService service) {
        return new SimulatedMetrics(service, Map.of());
    }

    /**
     * These metrics, also answering the custom-query checks named in {@code values}: each such
     * check is judged by its {@link MetricCheck#thresholdRange() threshold range} on the value its
     * supplier gives when the check is judged ({@code NaN} and infinities are no data; a supplier
     * that throws gives an error verdict). A supplier replaces one of this instance for the same
     * name. Suppliers answer custom-query checks only: a built-in check is always measured from
     * the traffic, even if {@code values} names it.
     *
     * @param values the value of each custom check, by check name; copied, the suppliers are not
     * @return a new instance; this one is unchanged
     */
    public SimulatedMetrics withCustomMetrics(Map<String, DoubleSupplier> values) {
        InvalidValueException.requireNonNull("values", values);
        Map<String, DoubleSupplier> merged = new LinkedHashMap<>(customMetrics);
        values.forEach((name, value) -> merged.put(requireMetricName(name),
                InvalidValueException.requireNonNull("value of " + name, value)));
        return new SimulatedMetrics(service, Map.copyOf(merged));
    }

    static String requireMetricName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("name", name == null ? "null" : "\"" + name + "\"",
                    "must be a non-empty metric name");
        }
        return name;
    }

    /**
     * Serves one window of {@code window} at {@code split} and judges every metric check of
     * {@code policy}, in order: built-ins on the traffic, custom checks on their supplied values.
     */
    public List<Verdict> verdicts(AnalysisPolicy policy, TrafficSplit split, Duration window) {
        InvalidValueException.requireNonNull("policy", policy);
        return verdicts(policy, service.observe(split, window));
    }

    /**
     * Judges every metric check of {@code policy}, in order, on a window already served: built-ins
     * on its traffic, custom checks on their supplied values.
     */
    public List<Verdict> verdicts(AnalysisPolicy policy, TrafficWindow served) {
        InvalidValueException.requireNonNull("policy", policy);
        InvalidValueException.requireNonNull("served", served);
        List<Verdict> verdicts = new ArrayList<>();
        for (MetricCheck check : policy.metrics()) {
            DoubleSupplier value = check.query().isEmpty() ? null : customMetrics.get(check.name());
            verdicts.add(value == null ? judge(check, served) : judgeSupplied(check, value));
        }
        return List.copyOf(verdicts);
    }

    private static Verdict judgeSupplied(MetricCheck check, DoubleSupplier value) {
        double observed;
        try {
            observed = value.getAsDouble();
        } catch (RuntimeException e) {
            return Verdict.error(check.name(), "cannot read the simulated value: " + e.getMessage());
        }
        return check.thresholdRange().judge(check.name(), observed);
    }

    /**
     * What stable measured in {@code served} for each built-in check among {@code checks}, by check
     * name in check order: the values a canary's verdicts are read beside. Custom-query checks are
     * left out (the simulation has no stable value for them), and so is every check when stable
     * served no request.
     */
    public static Map<String, Double> stableValues(List<MetricCheck> checks, TrafficWindow served) {
        InvalidValueException.requireNonNull("checks", checks);
        TrackStats stable = InvalidValueException.requireNonNull("served", served).track(Track.STABLE);
        Map<String, Double> values = new LinkedHashMap<>();
        for (MetricCheck check : checks) {
            double value = !check.query().isEmpty() ? Double.NaN
                    : MetricCheck.REQUEST_SUCCESS_RATE.equals(check.name()) ? stable.successRatePercent()
                    : MetricCheck.REQUEST_DURATION.equals(check.name()) ? stable.p99Ms()
                    : Double.NaN;
            if (!Double.isNaN(value)) {
                values.put(check.name(), value);
            }
        }
        return Collections.unmodifiableMap(values);
    }

    /** Judges {@code checks}, in order, on a window already served; custom-query checks are errors. */
    public static List<Verdict> judge(List<MetricCheck> checks, TrafficWindow window) {
        List<Verdict> verdicts = new ArrayList<>();
        for (MetricCheck check : checks) {
            verdicts.add(judge(check, window));
        }
        return List.copyOf(verdicts);
    }

    /** Judges one check on a window already served; a custom-query check is an error. */
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
