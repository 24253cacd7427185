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
            "response_code!~\"5.*\"",
            "istio_request_duration_milliseconds_bucket", "", false),

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
            "envoy_response_code!~\"5.*\"",
            "envoy_cluster_upstream_rq_time_bucket", "", true),

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
            "code!~\"5..\"",
            "http_request_duration_seconds_bucket", " * 1000", false);

    private final TrackLabels trackLabels;
    private final QueryTemplate successRate;
    private final QueryTemplate duration;

    BuiltInQueries(TrackLabels labels, String requests, String errorsExcluded, String bucket, String toMillis,
            boolean kumaServiceLabel) {
        this.trackLabels = labels;
        String selectorTail = requests.substring(requests.indexOf('{'));
        String by = labels.label();
        this.successRate = QueryTemplate.of(
                sumByTrack(by, kumaServiceLabel, requests + ", " + errorsExcluded + "}") + " / " + sumByTrack(by, kumaServiceLabel, requests + "}") + " * 100");
        this.duration = QueryTemplate.of("histogram_quantile(0.99, " + sumByTrack("le, " + by, kumaServiceLabel, bucket + selectorTail + "}") + ")"
                + toMillis);
    }

    private static String sumByTrack(String by, boolean kumaServiceLabel, String selector) {
        String rate = "rate(" + selector + "[{{ interval }}])";
        if (kumaServiceLabel) {
            // Kuma names a dataplane <service>_<namespace>_svc_<port>; the track is <service>
            rate = "label_replace(" + rate + ", \"service\", \"$1\", \"kuma_io_service\", \"([^_]+)_.*\")";
        }
        return "sum by (" + by + ") (" + rate + ")";
    }

    /** Percent of responses that are not 5xx, 0 to 100, one series per track. */
    public QueryTemplate successRate() {
        return successRate;
    }

    /** The 99th percentile of request duration in milliseconds, one series per track. */
    public QueryTemplate duration() {
        return duration;
    }

    /** The label that tells the tracks apart in this flavor's series, and its values. */
    public TrackLabels trackLabels() {
        return trackLabels;
    }
}
