package dev.stepwise.metrics.prometheus;

/**
 * The built-in checks users know from Flagger, {@code request-success-rate} and
 * {@code request-duration}, for one mesh or instrumentation. Each query answers for every track
 * at once, one series per track ({@code sum by (<track label>)}), so that stable, canary and
 * baseline of one rollout share a single HTTP request. Variables: {@code namespace},
 * {@code target} (label values) and {@code interval} (the window, e.g. {@code 60s}).
 *
 * <p>Without traffic in the window the success rate is 0/0, which Prometheus answers with NaN or
 * no series; both are no data, never a pass.
 *
 * <p>For statistical judges each flavor also counts requests per track, on the same selectors:
 * {@link #errorCounts()} (requests, the 5xx labelled apart) and {@link #bucketCounts()} (the
 * latency histogram's buckets), each one query for every track.
 */
public enum BuiltInQueries {

    /**
     * Istio's standard metrics, reported by the destination's sidecar; tracks by
     * {@code destination_workload} with Flagger's naming ({@link TrackLabels#flagger}).
     * <ul>
     *   <li>success rate: {@code sum by (destination_workload) (rate(istio_requests_total{reporter="destination",
     *       destination_workload_namespace="<namespace>", destination_workload=~"<target>-primary|<target>|<target>-baseline",
     *       response_code!~"5.*"}[<interval>])) / sum by (destination_workload) (rate(... same without the
     *       response_code matcher ...)) * 100}</li>
     *   <li>duration: {@code histogram_quantile(0.99, sum by (le, destination_workload)
     *       (rate(istio_request_duration_milliseconds_bucket{reporter="destination", ...}[<interval>])))}, already in ms</li>
     * </ul>
     */
    ISTIO(TrackLabels.flagger("destination_workload"),
            "istio_requests_total{reporter=\"destination\", destination_workload_namespace=\"{{ namespace }}\", "
                    + "destination_workload=~\"{{ target }}-primary|{{ target }}|{{ target }}-baseline\"",
            "response_code", "5.*",
            "istio_request_duration_milliseconds_bucket", 1, false),

    /**
     * Kuma's Envoy metrics as Flagger's Kuma observer reads them: {@code envoy_cluster_upstream_rq}
     * (with {@code envoy_response_code}) and {@code envoy_cluster_upstream_rq_time_bucket} (ms) of
     * the dataplanes whose {@code kuma_io_service} is {@code <service>_<namespace>_svc_<port>}.
     * Flagger's Kuma setup selects the canary pods with the {@code <target>-canary} Service, so the
     * tracks are the services {@code <target>-primary}, {@code <target>-canary} and
     * {@code <target>-baseline}. The track label {@code service} is derived from
     * {@code kuma_io_service} with {@code label_replace(..., "service", "$1", "kuma_io_service", "([^_]+)_.*")}
     * (Kubernetes service names contain no underscore).
     * <ul>
     *   <li>success rate: {@code sum by (service) (label_replace(rate(envoy_cluster_upstream_rq{kuma_io_service=~
     *       "(<target>-primary|<target>-canary|<target>-baseline)_<namespace>_svc_[0-9]+", envoy_response_code!~"5.*"}
     *       [<interval>]), ...)) / sum by (service) (... same without the response code matcher ...) * 100}</li>
     *   <li>duration: {@code histogram_quantile(0.99, sum by (le, service) (label_replace(rate(
     *       envoy_cluster_upstream_rq_time_bucket{...}[<interval>]), ...)))}</li>
     * </ul>
     * Like Flagger's, these count every upstream cluster of the track's dataplanes.
     */
    KUMA(new TrackLabels("service", "{{ target }}-primary", "{{ target }}-canary", "{{ target }}-baseline"),
            "envoy_cluster_upstream_rq{kuma_io_service=~\"({{ target }}-primary|{{ target }}-canary|{{ target }}-baseline)"
                    + "_{{ namespace }}_svc_[0-9]+\"",
            "envoy_response_code", "5.*",
            "envoy_cluster_upstream_rq_time_bucket", 1, true),

    /**
     * Application metrics in the Prometheus client libraries' convention: {@code http_requests_total}
     * with a {@code code} label and {@code http_request_duration_seconds_bucket}, scraped with the
     * pod's {@code namespace} and {@code app} labels; tracks by {@code app} with Flagger's naming
     * (Flagger labels the primary pods {@code app=<target>-primary}).
     * <ul>
     *   <li>success rate: {@code sum by (app) (rate(http_requests_total{namespace="<namespace>",
     *       app=~"<target>-primary|<target>|<target>-baseline", code!~"5.."}[<interval>])) / sum by (app)
     *       (... same without the code matcher ...) * 100}</li>
     *   <li>duration: {@code histogram_quantile(0.99, sum by (le, app) (rate(http_request_duration_seconds_bucket{...}
     *       [<interval>]))) * 1000}, seconds to ms</li>
     * </ul>
     */
    GENERIC(TrackLabels.flagger("app"),
            "http_requests_total{namespace=\"{{ namespace }}\", app=~\"{{ target }}-primary|{{ target }}|{{ target }}-baseline\"",
            "code", "5..",
            "http_request_duration_seconds_bucket", 1000, false);

    /** The label {@link #errorCounts()} gives the 5xx series of each track, with the value {@value #ERROR_CLASS}. */
    public static final String CLASS_LABEL = "stepwise_class";
    /** The value of {@value #CLASS_LABEL} on a track's 5xx series. */
    public static final String ERROR_CLASS = "5xx";

    private final TrackLabels trackLabels;
    private final QueryTemplate successRate;
    private final QueryTemplate duration;
    private final QueryTemplate errorCounts;
    private final QueryTemplate bucketCounts;
    private final double bucketUnitMillis;

    BuiltInQueries(TrackLabels labels, String requests, String codeLabel, String errorCodes, String bucket,
            double bucketUnitMillis, boolean kumaServiceLabel) {
        this.trackLabels = labels;
        this.bucketUnitMillis = bucketUnitMillis;
        String selectorTail = requests.substring(requests.indexOf('{'));
        String by = labels.label();
        String errorsExcluded = codeLabel + "!~\"" + errorCodes + "\"";
        this.successRate = QueryTemplate.of(sumByTrack(by, kumaServiceLabel, "rate", requests + ", " + errorsExcluded + "}")
                + " / " + sumByTrack(by, kumaServiceLabel, "rate", requests + "}") + " * 100");
        this.duration = QueryTemplate.of("histogram_quantile(0.99, "
                + sumByTrack("le, " + by, kumaServiceLabel, "rate", bucket + selectorTail + "}") + ")"
                + (bucketUnitMillis == 1 ? "" : " * " + (long) bucketUnitMillis));
        // the 5xx get a label of their own, so one query answers both counts of every track
        String increase = perSeries(kumaServiceLabel, "increase", requests + "}");
        this.errorCounts = QueryTemplate.of("sum by (" + by + ", " + CLASS_LABEL + ") (label_replace(" + increase + ", \""
                + CLASS_LABEL + "\", \"" + ERROR_CLASS + "\", \"" + codeLabel + "\", \"" + errorCodes + "\"))");
        this.bucketCounts = QueryTemplate.of(sumByTrack("le, " + by, kumaServiceLabel, "increase", bucket + selectorTail + "}"));
    }

    private static String sumByTrack(String by, boolean kumaServiceLabel, String function, String selector) {
        return "sum by (" + by + ") (" + perSeries(kumaServiceLabel, function, selector) + ")";
    }

    private static String perSeries(boolean kumaServiceLabel, String function, String selector) {
        String perSeries = function + "(" + selector + "[{{ interval }}])";
        if (kumaServiceLabel) {
            // Kuma names a dataplane <service>_<namespace>_svc_<port>; the track is <service>
            perSeries = "label_replace(" + perSeries + ", \"service\", \"$1\", \"kuma_io_service\", \"([^_]+)_.*\")";
        }
        return perSeries;
    }

    /** Percent of responses that are not 5xx, 0 to 100, one series per track. */
    public QueryTemplate successRate() {
        return successRate;
    }

    /** The 99th percentile of request duration in milliseconds, one series per track. */
    public QueryTemplate duration() {
        return duration;
    }

    /**
     * Requests per track over the window, for a judge's error counts: {@code sum by (<track label>,
     * }{@value #CLASS_LABEL}{@code ) (label_replace(increase(<requests>[<interval>]), "}{@value #CLASS_LABEL}{@code ",
     * "}{@value #ERROR_CLASS}{@code ", "<code label>", "<5xx regex>"))}: per track, one series of its
     * 5xx (with {@value #CLASS_LABEL}) and one of the rest (without); a track without 5xx has only
     * the latter. Same selector as {@link #successRate()}; values are {@code increase()}'s, not
     * whole numbers (it extrapolates to the window's edges).
     */
    public QueryTemplate errorCounts() {
        return errorCounts;
    }

    /**
     * Requests per track and histogram bucket over the window, for a judge's slow-request counts:
     * {@code sum by (le, <track label>) (increase(<bucket>[<interval>]))}; the {@code +Inf}
     * bucket counts every request. Same selector as {@link #duration()}; bounds in the unit of
     * {@link #bucketUnitMillis()}.
     */
    public QueryTemplate bucketCounts() {
        return bucketCounts;
    }

    /** Milliseconds per unit of the histogram's {@code le} bounds: 1 for Istio and Kuma (ms), 1000 for the generic seconds. */
    public double bucketUnitMillis() {
        return bucketUnitMillis;
    }

    /** The label that tells the tracks apart in this flavor's series, and its values. */
    public TrackLabels trackLabels() {
        return trackLabels;
    }
}
