package dev.stepwise.metrics.prometheus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Deterministic Istio metrics of one service, as OpenMetrics text for {@link PrometheusServer}, and
 * the values Prometheus must compute from them.
 *
 * <p>Every workload (track) is a timeline of {@link Traffic} segments. Samples come every
 * {@link #SCRAPE_INTERVAL} from {@link #start}; the counters grow between two samples
 * {@code s - 15s} and {@code s} by the per-second figures of the segment in force at
 * {@code s - 15s}, times 15, so every counter is an integer and {@code rate(...[w])} at a sample
 * time is exactly the per-second figure. A workload has a sample at {@code s} unless the
 * segment in force at {@code s} is {@link Traffic#NONE}: no traffic, no series.
 *
 * <p>Series: {@code istio_requests_total} with {@code response_code} 200 and 500 and
 * {@code istio_request_duration_milliseconds_bucket} (plus {@code _count}); labels
 * {@code reporter="destination", destination_workload_namespace, destination_workload}. The
 * histogram is not split by response code (Istio splits it; a {@code sum by (le, ...)} query
 * cannot tell the difference).
 */
final class OpenMetricsData {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(15);
    static final String NAMESPACE = "test";
    static final String TARGET = "podinfo";
    static final String STABLE = "podinfo-primary";
    static final String CANARY = "podinfo";
    /** Finite bucket bounds in ms (a subset of Istio's defaults); {@code +Inf} follows. */
    static final double[] BUCKETS_MS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500};

    /**
     * Per-second traffic of one workload: integers, so that rates are exact.
     *
     * @param requestsPerSecond every request, 5xx included
     * @param errorsPerSecond   the 5xx among them
     * @param latencyPerSecond  requests per second in each finite bucket of {@link #BUCKETS_MS}
     *                          (not cumulative); the rest of the requests are slower than the last bound
     */
    record Traffic(int requestsPerSecond, int errorsPerSecond, int[] latencyPerSecond) {

        /** No requests and no series. */
        static final Traffic NONE = new Traffic(0, 0, new int[0]);

        Traffic {
            latencyPerSecond = latencyPerSecond.clone();
            if (latencyPerSecond.length > BUCKETS_MS.length) {
                throw new IllegalArgumentException("at most " + BUCKETS_MS.length + " finite buckets");
            }
            if (requestsPerSecond < 0 || errorsPerSecond < 0 || errorsPerSecond > requestsPerSecond
                    || Arrays.stream(latencyPerSecond).anyMatch(n -> n < 0)
                    || Arrays.stream(latencyPerSecond).sum() > requestsPerSecond) {
                throw new IllegalArgumentException("inconsistent traffic: " + requestsPerSecond + " rps, "
                        + errorsPerSecond + " errors, buckets " + Arrays.toString(latencyPerSecond));
            }
        }

        static Traffic of(int requestsPerSecond, int errorsPerSecond, int... latencyPerSecond) {
            return new Traffic(requestsPerSecond, errorsPerSecond, latencyPerSecond);
        }

        boolean serves() {
            return this != NONE;
        }

        /** Requests per second at or below {@code BUCKETS_MS[i]}; {@code i == BUCKETS_MS.length} is {@code +Inf}. */
        long cumulative(int i) {
            if (i >= BUCKETS_MS.length) {
                return requestsPerSecond;
            }
            long sum = 0;
            for (int b = 0; b <= i && b < latencyPerSecond.length; b++) {
                sum += latencyPerSecond[b];
            }
            return sum;
        }

        @Override
        public String toString() {
            return this == NONE ? "Traffic[none]" : "Traffic[" + requestsPerSecond + " rps, " + errorsPerSecond
                    + " 5xx/s, buckets " + Arrays.toString(latencyPerSecond) + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Traffic t && t.requestsPerSecond == requestsPerSecond
                    && t.errorsPerSecond == errorsPerSecond && Arrays.equals(t.latencyPerSecond, latencyPerSecond);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * requestsPerSecond + errorsPerSecond) + Arrays.hashCode(latencyPerSecond);
        }
    }

    /** Stable: 200 rps, 1 5xx/s (99.5%), p99 175 ms (rank 198 of 200 halfway into the 100..250 bucket). */
    static final Traffic STABLE_TRAFFIC = Traffic.of(200, 1, 50, 70, 50, 20, 6, 4);
    /** A healthy canary: 20 rps, no 5xx (100%), p99 90 ms (rank 19.8 of 20 in the 50..100 bucket). */
    static final Traffic HEALTHY = Traffic.of(20, 0, 4, 8, 5, 2, 1);
    /** A 5xx-heavy canary: 20 rps, 3 5xx/s (85%), latency as {@link #HEALTHY}. */
    static final Traffic ERRORS = Traffic.of(20, 3, 4, 8, 5, 2, 1);
    /** A slow canary: 20 rps, no 5xx, p99 975 ms (rank 19.8 of 20 in the 500..1000 bucket). */
    static final Traffic SLOW = Traffic.of(20, 0, 0, 0, 0, 0, 2, 6, 8, 4);

    /** In {@link #scenarios()}: the canary has no series yet (window 00:03..00:04). */
    static final Instant NO_TRAFFIC_AT = START.plus(Duration.ofMinutes(4));
    /** In {@link #scenarios()}: the canary is {@link #HEALTHY}. */
    static final Instant HEALTHY_AT = START.plus(Duration.ofMinutes(10));
    /** In {@link #scenarios()}: the canary is {@link #ERRORS}. */
    static final Instant ERRORS_AT = START.plus(Duration.ofMinutes(20));
    /** In {@link #scenarios()}: the canary is {@link #SLOW}. */
    static final Instant SLOW_AT = START.plus(Duration.ofMinutes(30));

    private final Instant start;
    private final Instant end;
    private final Map<String, TreeMap<Instant, Traffic>> workloads;
    private final List<BuiltInQueries> flavours;

    private OpenMetricsData(Builder b) {
        this.start = b.start;
        this.flavours = List.copyOf(b.flavours);
        this.end = b.start.plus(b.length);
        this.workloads = new LinkedHashMap<>();
        b.workloads.forEach((name, segments) -> {
            TreeMap<Instant, Traffic> at = new TreeMap<>();
            segments.forEach((offset, traffic) -> at.put(b.start.plus(offset), traffic));
            workloads.put(name, at);
        });
    }

    static Builder builder() {
        return new Builder();
    }

    /**
     * One service, 40 minutes from {@link #START}: stable {@link #STABLE_TRAFFIC} throughout; the
     * canary without series until 00:05, then {@link #HEALTHY}, from 00:15 {@link #ERRORS}, from
     * 00:25 {@link #SLOW}. The {@code *_AT} instants sit in the middle of each phase.
     */
    static OpenMetricsData scenarios() {
        return builder().length(Duration.ofMinutes(40))
                .traffic(STABLE, STABLE_TRAFFIC)
                .traffic(CANARY, Duration.ofMinutes(5), HEALTHY)
                .traffic(CANARY, Duration.ofMinutes(15), ERRORS)
                .traffic(CANARY, Duration.ofMinutes(25), SLOW)
                .build();
    }

    Instant start() {
        return start;
    }

    Instant end() {
        return end;
    }

    /**
     * The OpenMetrics text: for each flavour, families in turn, each series' samples in time order;
     * {@code # EOF} last.
     */
    String text() {
        StringBuilder out = new StringBuilder();
        for (BuiltInQueries flavour : flavours) {
            Naming naming = Naming.of(flavour);
            out.append("# TYPE ").append(naming.requestsFamily()).append(' ').append(naming.requestsType()).append('\n');
            for (String workload : workloads.keySet()) {
                series(out, naming.requests(), naming.labels(workload, naming.code("200")), workload,
                        t -> t.requestsPerSecond() - t.errorsPerSecond());
                series(out, naming.requests(), naming.labels(workload, naming.code("500")), workload, Traffic::errorsPerSecond);
            }
            out.append("# TYPE ").append(naming.histogram()).append(" histogram\n");
            for (String workload : workloads.keySet()) {
                for (int i = 0; i <= BUCKETS_MS.length; i++) {
                    int bucket = i;
                    String le = i == BUCKETS_MS.length ? "+Inf" : bound(BUCKETS_MS[i] / naming.unitMillis());
                    series(out, naming.histogram() + "_bucket", naming.labels(workload, naming.histogramCode() + "le=\"" + le + "\""),
                            workload, t -> t.cumulative(bucket));
                }
                series(out, naming.histogram() + "_count", naming.labels(workload, naming.histogramCode()), workload,
                        Traffic::requestsPerSecond);
            }
        }
        return out.append("# EOF\n").toString();
    }

    /**
     * How a flavour names the series: Istio's standard metrics; Kuma's Envoy metrics of the
     * dataplane {@code <workload>_<namespace>_svc_9898}, where the workload {@link #CANARY} is the
     * service {@code <target>-canary} (Kuma's canary service); application metrics with
     * {@code namespace}, {@code app} and {@code code}, latency in seconds.
     */
    private record Naming(String requestsFamily, String requestsType, String requests, String codeLabel,
                          String histogram, double unitMillis, boolean histogramHasCode, BuiltInQueries flavour) {

        static Naming of(BuiltInQueries flavour) {
            return switch (flavour) {
                case ISTIO -> new Naming("istio_requests", "counter", "istio_requests_total", "response_code",
                        "istio_request_duration_milliseconds", 1, true, flavour);
                case KUMA -> new Naming("envoy_cluster_upstream_rq", "unknown", "envoy_cluster_upstream_rq", "envoy_response_code",
                        "envoy_cluster_upstream_rq_time", 1, false, flavour);
                case GENERIC -> new Naming("http_requests", "counter", "http_requests_total", "code",
                        "http_request_duration_seconds", 1000, false, flavour);
            };
        }

        String code(String code) {
            return codeLabel + "=\"" + code + "\"";
        }

        String histogramCode() {
            return histogramHasCode ? code("200") + "," : "";
        }

        String labels(String workload, String more) {
            String trimmed = trim(more);
            String joined = trimmed.isEmpty() ? "" : "," + trimmed;
            return switch (flavour) {
                case ISTIO -> "reporter=\"destination\",destination_workload_namespace=\"" + NAMESPACE
                        + "\",destination_workload=\"" + workload + "\"" + joined;
                case KUMA -> "kuma_io_service=\"" + (workload.equals(CANARY) ? TARGET + "-canary" : workload) + "_" + NAMESPACE
                        + "_svc_9898\"" + joined;
                case GENERIC -> "namespace=\"" + NAMESPACE + "\",app=\"" + workload + "\"" + joined;
            };
        }

        private static String trim(String labels) {
            return labels.endsWith(",") ? labels.substring(0, labels.length() - 1) : labels;
        }
    }

    /** The traffic in force for {@code workload} at {@code at}. */
    Traffic trafficAt(String workload, Instant at) {
        var entry = segments(workload).floorEntry(at);
        return entry == null ? Traffic.NONE : entry.getValue();
    }

    /**
     * The traffic behind {@code rate(...[window])} at {@code at}: the one segment every counter
     * increase in {@code [at - window, at]} comes from, or {@link Traffic#NONE} when the workload
     * has no sample in that range. A window that spans a change of traffic (or a series that
     * starts or stops in it) is a mistake in the test: its value is not a single segment's.
     */
    Traffic trafficOver(String workload, Instant at, Duration window) {
        Instant from = at.minus(window);
        if (from.isBefore(start) || at.isAfter(end) || !onSample(from) || !onSample(at)) {
            throw new IllegalArgumentException("choose sample times within " + start + ".." + end + ": " + from + ".." + at);
        }
        List<Traffic> seen = new ArrayList<>();
        for (Instant s = from; !s.isAfter(at); s = s.plus(SCRAPE_INTERVAL)) {
            seen.add(trafficAt(workload, s));
        }
        if (seen.stream().noneMatch(Traffic::serves)) {
            return Traffic.NONE;
        }
        // The segment in force at `at` only matters for whether `at` has a sample: its increase comes later.
        List<Traffic> increases = seen.subList(0, seen.size() - 1);
        if (!seen.get(seen.size() - 1).serves() || increases.stream().distinct().count() != 1) {
            throw new IllegalArgumentException("the window " + from + ".." + at + " of " + workload
                    + " spans a change of traffic: " + seen);
        }
        return increases.get(0);
    }

    /**
     * The request success rate (percent of non-5xx) Prometheus computes over {@code window} at
     * {@code at}; empty when the workload has no series there.
     */
    OptionalDouble successRate(String workload, Instant at, Duration window) {
        Traffic t = trafficOver(workload, at, window);
        if (!t.serves()) {
            return OptionalDouble.empty();
        }
        double ok = rate(t.requestsPerSecond() - t.errorsPerSecond(), window);
        double all = rate(t.requestsPerSecond(), window);
        return OptionalDouble.of(ok / all * 100);
    }

    /** The p99 latency in ms ({@code histogram_quantile(0.99, ...)}) over {@code window} at {@code at}; empty without series. */
    OptionalDouble p99(String workload, Instant at, Duration window) {
        Traffic t = trafficOver(workload, at, window);
        if (!t.serves()) {
            return OptionalDouble.empty();
        }
        double[] counts = new double[BUCKETS_MS.length + 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = rate(t.cumulative(i), window);
        }
        return OptionalDouble.of(bucketQuantile(0.99, counts));
    }

    /** Prometheus 2.42's {@code bucketQuantile}: linear interpolation within the bucket holding the rank. */
    static double bucketQuantile(double q, double[] cumulative) {
        double total = cumulative[cumulative.length - 1];
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        int b = 0;
        while (b < cumulative.length - 1 && cumulative[b] < rank) {
            b++;
        }
        if (b == cumulative.length - 1) {
            return BUCKETS_MS[BUCKETS_MS.length - 1];
        }
        double bucketStart = 0;
        double bucketEnd = BUCKETS_MS[b];
        double count = cumulative[b];
        if (b > 0) {
            bucketStart = BUCKETS_MS[b - 1];
            count -= cumulative[b - 1];
            rank -= cumulative[b - 1];
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }

    /** {@code rate()} of a linear counter growing {@code perSecond} per second, sampled at both ends of the window. */
    private static double rate(long perSecond, Duration window) {
        double seconds = window.toSeconds();
        return (double) (perSecond * window.toSeconds()) / seconds;
    }

    private boolean onSample(Instant t) {
        return Duration.between(start, t).toMillis() % SCRAPE_INTERVAL.toMillis() == 0;
    }

    private TreeMap<Instant, Traffic> segments(String workload) {
        TreeMap<Instant, Traffic> segments = workloads.get(workload);
        if (segments == null) {
            throw new IllegalArgumentException("no workload " + workload + " in " + workloads.keySet());
        }
        return segments;
    }

    private interface PerSecond {
        long of(Traffic traffic);
    }

    private void series(StringBuilder out, String name, String labels, String workload, PerSecond perSecond) {
        long value = 0;
        Traffic previous = Traffic.NONE;
        for (Instant s = start; !s.isAfter(end); s = s.plus(SCRAPE_INTERVAL)) {
            if (s.isAfter(start) && previous.serves()) {
                value += perSecond.of(previous) * SCRAPE_INTERVAL.toSeconds();
            }
            Traffic now = trafficAt(workload, s);
            if (now.serves()) {
                out.append(name).append('{').append(labels).append("} ").append(value).append(' ')
                        .append(s.getEpochSecond()).append('\n');
            }
            previous = now;
        }
    }

    private static String bound(double ms) {
        return ms == Math.rint(ms) ? Long.toString((long) ms) : Double.toString(ms);
    }

    @Override
    public String toString() {
        return "OpenMetricsData[" + start + ".." + end + ", " + workloads + "]";
    }

    /** Builds the data; every workload has {@link Traffic#NONE} until its first segment. */
    static final class Builder {
        private Instant start = START;
        private Duration length = Duration.ofMinutes(30);
        private final Map<String, Map<Duration, Traffic>> workloads = new LinkedHashMap<>();
        private List<BuiltInQueries> flavours = List.of(BuiltInQueries.ISTIO);

        private Builder() {
        }

        /** The flavours whose series the text holds, each with the same traffic; default Istio's only. */
        Builder flavours(BuiltInQueries... flavours) {
            this.flavours = List.of(flavours);
            return this;
        }

        /** The first sample time; default {@link #START}. */
        Builder start(Instant start) {
            if (start.getNano() != 0) {
                throw new IllegalArgumentException("start must be a whole second: " + start);
            }
            this.start = start;
            return this;
        }

        /** How long samples go on after {@link #start}; default 30 minutes. */
        Builder length(Duration length) {
            this.length = length;
            return this;
        }

        /** {@code workload} has {@code traffic} from {@code offset} after the start (until its next segment). */
        Builder traffic(String workload, Duration offset, Traffic traffic) {
            if (offset.toMillis() % SCRAPE_INTERVAL.toMillis() != 0) {
                throw new IllegalArgumentException("segments start on a sample time: " + offset);
            }
            workloads.computeIfAbsent(workload, w -> new TreeMap<>()).put(offset, traffic);
            return this;
        }

        /** {@code workload} has {@code traffic} from the start. */
        Builder traffic(String workload, Traffic traffic) {
            return traffic(workload, Duration.ZERO, traffic);
        }

        OpenMetricsData build() {
            return new OpenMetricsData(this);
        }
    }
}
