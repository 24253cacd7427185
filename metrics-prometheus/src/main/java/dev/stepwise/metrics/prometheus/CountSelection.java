package dev.stepwise.metrics.prometheus;

import dev.stepwise.analysis.judge.TrackCounts;
import dev.stepwise.metrics.prometheus.internal.PrometheusResponse;
import dev.stepwise.metrics.prometheus.internal.PrometheusResponse.ResultType;
import dev.stepwise.metrics.prometheus.internal.PrometheusResponse.Series;
import dev.stepwise.spi.CountResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Turns the answer of a {@link BuiltInQueries#errorCounts()} or {@link BuiltInQueries#bucketCounts()}
 * query into the canary's and the control's {@link TrackCounts}. {@code increase()} extrapolates to
 * the window's edges, so each sum is rounded to the nearest whole request. A track without a
 * series, a NaN, an infinity or a negative value is {@link CountResult.NoData}: never counts of zero.
 *
 * @param label   the track label, e.g. {@code destination_workload}
 * @param canary  the canary's value of it
 * @param control the control track's value of it
 */
record CountSelection(String label, String canary, String control) {

    /**
     * The 5xx (series with {@value BuiltInQueries#CLASS_LABEL}{@code ="}{@value BuiltInQueries#ERROR_CLASS}{@code "})
     * and all requests (every series) of each track. A track with requests but no 5xx series served
     * no 5xx in the window: its bad count is 0.
     */
    CountResult errors(PrometheusResponse response) {
        try {
            List<Series> series = vector(response);
            return new CountResult.Counts(errorsOf(series, canary, "canary"), errorsOf(series, control, "control"));
        } catch (Unusable e) {
            return e.result;
        }
    }

    /**
     * The requests slower than {@code thresholdMillis} of each track: those above the largest finite
     * bucket bound at or below the threshold, out of the {@code +Inf} bucket. When the threshold is
     * not a bound, the bound below it is used, so requests between that bound and the threshold
     * count as slow: conservative, a slow request is never counted as fast. Both tracks are counted
     * at the same bound; a threshold below the smallest finite bound cannot be told apart from 0 and
     * is Failed.
     */
    CountResult slow(PrometheusResponse response, double thresholdMillis, double bucketUnitMillis) {
        try {
            List<Series> series = vector(response);
            NavigableMap<Double, Double> canaryBuckets = buckets(series, canary, "canary");
            NavigableMap<Double, Double> controlBuckets = buckets(series, control, "control");
            Map.Entry<Double, Double> bound = canaryBuckets.headMap(Double.POSITIVE_INFINITY, false)
                    .floorEntry(thresholdMillis / bucketUnitMillis);
            if (bound == null) {
                return new CountResult.Failed("slowerThan " + format(thresholdMillis) + "ms is below the smallest bucket bound ("
                        + format(canaryBuckets.firstKey() * bucketUnitMillis) + "ms) of " + label + "=\"" + canary
                        + "\": the histogram cannot count requests slower than it");
            }
            if (!controlBuckets.containsKey(bound.getKey())) {
                return new CountResult.Failed("the control " + label + "=\"" + control + "\" has no bucket le=\""
                        + format(bound.getKey()) + "\" that the canary has: the tracks' histograms differ");
            }
            return new CountResult.Counts(slowOf(canaryBuckets, bound.getKey()), slowOf(controlBuckets, bound.getKey()));
        } catch (Unusable e) {
            return e.result;
        }
    }

    private TrackCounts errorsOf(List<Series> series, String value, String role) throws Unusable {
        double all = 0;
        double bad = 0;
        boolean found = false;
        for (Series s : series) {
            if (value.equals(s.labels().get(label))) {
                double v = finite(s, value);
                found = true;
                all += v;
                if (BuiltInQueries.ERROR_CLASS.equals(s.labels().get(BuiltInQueries.CLASS_LABEL))) {
                    bad += v;
                }
            }
        }
        if (!found) {
            throw missing(value, role);
        }
        // rounding is monotonic: bad <= all stays true
        return new TrackCounts(Math.round(all), Math.round(bad));
    }

    private NavigableMap<Double, Double> buckets(List<Series> series, String value, String role) throws Unusable {
        NavigableMap<Double, Double> buckets = new TreeMap<>();
        for (Series s : series) {
            if (value.equals(s.labels().get(label))) {
                String le = s.labels().getOrDefault("le", "");
                double bound;
                try {
                    bound = Double.parseDouble(le.equals("+Inf") ? "Infinity" : le);
                } catch (NumberFormatException e) {
                    throw new Unusable(new CountResult.Failed("bucket series of " + label + "=\"" + value
                            + "\" with le=\"" + le + "\", not a number"));
                }
                buckets.merge(bound, finite(s, value), Double::sum);
            }
        }
        if (buckets.isEmpty()) {
            throw missing(value, role);
        }
        if (!buckets.containsKey(Double.POSITIVE_INFINITY)) {
            throw new Unusable(new CountResult.Failed("no le=\"+Inf\" bucket for " + label + "=\"" + value
                    + "\": the total of requests is unknown"));
        }
        return buckets;
    }

    private static TrackCounts slowOf(NavigableMap<Double, Double> buckets, double bound) {
        long requests = Math.round(buckets.getOrDefault(Double.POSITIVE_INFINITY, 0.0));
        long fast = Math.min(requests, Math.round(buckets.getOrDefault(bound, 0.0)));
        return new TrackCounts(requests, requests - fast);
    }

    private double finite(Series s, String value) throws Unusable {
        double v = s.latest();
        if (!Double.isFinite(v) || v < 0) {
            throw new Unusable(new CountResult.NoData("count " + v + " for " + label + "=\"" + value + "\""
                    + (s.labels().containsKey("le") ? " le=\"" + s.labels().get("le") + "\"" : "") + " is not a count"));
        }
        return v;
    }

    private Unusable missing(String value, String role) {
        return new Unusable(new CountResult.NoData("no series for the " + role + " (" + label + "=\"" + value
                + "\") in the window: no traffic, or not scraped"));
    }

    private static List<Series> vector(PrometheusResponse response) throws Unusable {
        if (response instanceof PrometheusResponse.Samples samples && samples.type() == ResultType.VECTOR) {
            return samples.series();
        }
        String kind = response instanceof PrometheusResponse.Samples samples
                ? samples.type().name().toLowerCase(Locale.ROOT) : "string";
        throw new Unusable(new CountResult.Failed("expected a vector, got a " + kind));
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** A result that ends the selection early. */
    private static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient CountResult result;

        Unusable(CountResult result) {
            super(null, null, false, false);
            this.result = result;
        }
    }
}
