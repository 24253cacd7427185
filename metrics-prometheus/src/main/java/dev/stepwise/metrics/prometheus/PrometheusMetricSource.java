package dev.stepwise.metrics.prometheus;

import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.http.internal.BodyTooLargeException;
import dev.stepwise.http.internal.ByteSizes;
import dev.stepwise.metrics.prometheus.internal.MalformedResponseException;
import dev.stepwise.metrics.prometheus.internal.PrometheusHttp;
import dev.stepwise.metrics.prometheus.internal.PrometheusResponse;
import dev.stepwise.metrics.prometheus.internal.PrometheusResponseParser;
import dev.stepwise.metrics.prometheus.internal.SharedResults;
import dev.stepwise.spi.CountQuery;
import dev.stepwise.spi.CountResult;
import dev.stepwise.spi.MetricQuery;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.MetricSource;
import dev.stepwise.spi.SampleQuery;
import dev.stepwise.spi.SampleResult;
import dev.stepwise.time.Durations;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problem;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MetricSource} on the Prometheus HTTP API ({@code GET /api/v1/query}), also serving
 * Thanos, Mimir and Cortex behind the same API.
 *
 * <p><b>Built-in checks</b> ({@code request-success-rate}, {@code request-duration}) run the
 * configured {@link BuiltInQueries} flavor's all-tracks query with the variables
 * {@code namespace} and {@code target} (from {@link MetricQuery#variables()}) and
 * {@code interval} (the query's window, e.g. {@code 60s}), and answer with the series whose
 * track label is the queried track's value. <b>Custom checks</b> render
 * {@link MetricQuery#template()} as a {@link QueryTemplate} with the query's variables,
 * {@code interval} and, when used, {@code track} (the track's label value in the flavor's
 * {@link TrackLabels}); the answer must be one series or a scalar.
 *
 * <p><b>Counts</b> for a statistical judge ({@link #counts}) come from the flavor's count
 * queries, one per look for both tracks. <b>Samples</b> for a distribution judge ({@link #samples})
 * come from one range query per metric and track.
 *
 * <p><b>Sharing.</b> Queries rendering to the same text whose evaluation times
 * ({@code clock.instant()}, sent as {@code time=}) fall in the same {@code shareWindow} bucket
 * share one HTTP request, so stable, canary and baseline of a rollout cost one query per check.
 * The first query of a bucket fixes the evaluation time for the others. Failures are shared too.
 *
 * <p><b>Bounds.</b> Each request, connecting and the whole body included, must finish within
 * {@link PrometheusConfig#timeout()}, and its body be at most {@link PrometheusConfig#maxBodySize()};
 * past either the exchange is cancelled, the query is {@link MetricResult.Failed} naming the
 * bound (never quoting the body), and the next query is served as before.
 *
 * <p>{@link #query} never throws. Thread-safe.
 */
public final class PrometheusMetricSource implements MetricSource {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusMetricSource.class);
    /** Prometheus refuses range queries of more than 11,000 points per series. */
    static final long MAX_RANGE_POINTS = 11_000;
    private static final int SHARED_RESULTS = 1024;
    private static final int BODY_EXCERPT = 200;

    private final PrometheusHttp http;
    private final BuiltInQueries queries;
    private final Clock clock;
    private final long shareWindowMillis;
    private final SharedResults<Fetched> shared = new SharedResults<>(SHARED_RESULTS);
    private final AtomicLong sent = new AtomicLong();

    /** An HTTP answer: a parsed response or why there is none. */
    private record Fetched(@Nullable PrometheusResponse response, @Nullable String failure) {
    }

    /** A rendered query and, for a built-in, the series to pick. */
    private record Rendered(String query, @Nullable String label, @Nullable String trackValue) {
    }

    PrometheusMetricSource(PrometheusHttp http, BuiltInQueries queries, Clock clock, long shareWindowMillis) {
        this.http = http;
        this.queries = queries;
        this.clock = clock;
        this.shareWindowMillis = shareWindowMillis;
    }

    /** A builder for a source reading from the API {@code config} describes. */
    public static Builder builder(PrometheusConfig config) {
        return new Builder(config);
    }

    @Override
    public MetricResult query(MetricQuery query) {
        try {
            MetricResult result = answer(query);
            if (result instanceof MetricResult.Failed failed) {
                LOG.warn("Prometheus query {} failed: {}", query.name(), failed.reason());
            }
            return result;
        } catch (RuntimeException e) {
            LOG.warn("Prometheus query {} failed unexpectedly", query == null ? null : query.name(), e);
            return new MetricResult.Failed("unexpected error: " + e);
        }
    }

    /**
     * The values of {@code query}'s metric for its track, evaluated every {@code step} from
     * {@code start} to {@code end} ({@code /api/v1/query_range}); each value looks back over the
     * query's window. Never throws: bad arguments, like every failure, come back as
     * {@link RangeResult.Failed}. Range queries are not shared.
     */
    public RangeResult queryRange(MetricQuery query, Instant start, Instant end, Duration step) {
        if (start == null || end == null || step == null || !end.isAfter(start) || step.isNegative() || step.isZero()) {
            return new RangeResult.Failed("a range needs start before end and a positive step; got "
                    + start + " .. " + end + " every " + step);
        }
        if (Duration.between(start, end).dividedBy(step) > MAX_RANGE_POINTS) {
            return new RangeResult.Failed("more than " + MAX_RANGE_POINTS + " points (Prometheus' limit); use a longer step");
        }
        Rendered rendered;
        try {
            rendered = render(query);
        } catch (IllegalArgumentException e) {
            return new RangeResult.Failed(Objects.requireNonNullElse(e.getMessage(), ""));
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("query", rendered.query());
        params.put("start", seconds(start));
        params.put("end", seconds(end));
        params.put("step", BigDecimal.valueOf(step.toMillis(), 3).toPlainString());
        Fetched fetched = send("/api/v1/query_range", params);
        if (fetched.failure() != null) {
            return new RangeResult.Failed(fetched.failure());
        }
        PrometheusResponse response = Objects.requireNonNull(fetched.response(), "a fetch without failure has a response");
        return ResultSelection.range(response, rendered.label(), rendered.trackValue());
    }

    /**
     * The canary's and the control's requests and bad requests over the query's window, from ONE
     * query of the flavor's {@link BuiltInQueries#errorCounts()} (5xx) or
     * {@link BuiltInQueries#bucketCounts()} (slower than a threshold) that answers for every track,
     * with the variables {@code namespace}, {@code target} and {@code interval} (the window),
     * evaluated at {@code clock.instant()} and shared like {@link #query}. Counts are
     * {@code increase()} sums rounded to the nearest whole request. For slow requests the bucket
     * bound used is the largest at or below the threshold (conservative: a slow request is never
     * counted as fast). A missing track, NaN, a threshold below every bound or a refused query is
     * NoData or Failed with the reason, never zero counts ({@link CountSelection}). Built-in
     * counts only: a judge has no query of its own.
     * Never throws.
     */
    @Override
    public CountResult counts(CountQuery query) {
        try {
            CountResult result = countsOf(query);
            if (result instanceof CountResult.Failed failed) {
                LOG.warn("Prometheus counts for judge {} failed: {}", query.judge(), failed.reason());
            }
            return result;
        } catch (RuntimeException e) {
            LOG.warn("Prometheus counts for judge {} failed unexpectedly", query == null ? null : query.judge(), e);
            return new CountResult.Failed("unexpected error: " + e);
        }
    }

    private CountResult countsOf(CountQuery query) {
        CountRequest request;
        try {
            request = CountRequest.of(queries, query, interval(query.window()));
        } catch (IllegalArgumentException e) {
            return new CountResult.Failed(Objects.requireNonNullElse(e.getMessage(), ""));
        }
        Fetched fetched = fetch(request.query());
        if (fetched.failure() != null) {
            return new CountResult.Failed(fetched.failure());
        }
        return request.select(Objects.requireNonNull(fetched.response(), "a fetch without failure has a response"));
    }

    /**
     * One metric's samples of the query's track for a distribution judge: ONE range query
     * ({@link #queryRange}) from {@code clock.instant() − lookback} to now every {@code step},
     * rendered as {@link SampleRange} says (a built-in's name or a custom template, its
     * {@code interval} the step), the latest {@code lookback / step} points kept. Evaluations
     * without a finite value are left out; no finite value at all is NoData, a refused or
     * unreachable query Failed, never samples. Never throws.
     */
    @Override
    public SampleResult samples(SampleQuery query) {
        try {
            SampleRange range = SampleRange.of(query, clock.instant());
            SampleResult result = range.samples(queryRange(range.metric(), range.start(), range.end(), query.step()));
            if (result instanceof SampleResult.Failed failed) {
                LOG.warn("Prometheus samples of {} for judge {} ({}) failed: {}", query.metric(), query.judge(), query.track(),
                        failed.reason());
            }
            return result;
        } catch (RuntimeException e) {
            LOG.warn("Prometheus samples for judge {} failed unexpectedly", query == null ? null : query.judge(), e);
            return new SampleResult.Failed("unexpected error: " + e);
        }
    }

    /** Whether {@code GET /-/ready} (or, where that is missing, {@code /api/v1/status/buildinfo}) answers 2xx within the timeout. */
    @Override
    public boolean isHealthy() {
        try {
            int status = http.get("/-/ready", Map.of()).status();
            if (status == 404) {
                status = http.get("/api/v1/status/buildinfo", Map.of()).status();
            }
            return status / 100 == 2;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** How many HTTP queries were actually sent, shared ones counted once. */
    public long queriesSent() {
        return sent.get();
    }

    @Override
    public String toString() {
        return "PrometheusMetricSource[" + http.shownUrl() + ", " + queries + "]";
    }

    private MetricResult answer(MetricQuery query) {
        Rendered rendered;
        try {
            rendered = render(query);
        } catch (IllegalArgumentException e) {
            return new MetricResult.Failed(Objects.requireNonNullElse(e.getMessage(), ""));
        }
        Fetched fetched = fetch(rendered.query());
        if (fetched.failure() != null) {
            return new MetricResult.Failed(fetched.failure());
        }
        PrometheusResponse response = Objects.requireNonNull(fetched.response(), "a fetch without failure has a response");
        return rendered.trackValue() == null ? ResultSelection.single(response)
                : ResultSelection.forTrack(response, Objects.requireNonNull(rendered.label(), "a track value comes with its label"),
                        rendered.trackValue(), query.track());
    }

    /** The answer to {@code query} at {@code clock.instant()}, shared with identical queries in the same share window. */
    private Fetched fetch(String query) {
        Instant now = clock.instant();
        return shareWindowMillis == 0 ? send(query, now)
                : shared.get(Math.floorDiv(now.toEpochMilli(), shareWindowMillis) + "\n" + query, () -> send(query, now));
    }

    private Rendered render(MetricQuery query) {
        Map<String, String> variables = new LinkedHashMap<>(query.variables());
        variables.put(QueryTemplate.INTERVAL_VARIABLE, interval(query.window()));
        TrackLabels labels = queries.trackLabels();
        if (query.template().isEmpty()) {
            QueryTemplate template;
            if (query.name().equals(MetricCheck.REQUEST_SUCCESS_RATE)) {
                template = queries.successRate();
            } else if (query.name().equals(MetricCheck.REQUEST_DURATION)) {
                template = queries.duration();
            } else {
                throw new IllegalArgumentException("\"" + query.name() + "\" is not a built-in check ("
                        + MetricCheck.REQUEST_SUCCESS_RATE + ", " + MetricCheck.REQUEST_DURATION + ") and has no query");
            }
            String rendered = template.render(variables);
            return new Rendered(rendered, labels.label(), labels.valueFor(query.track(),
                    InvalidValueException.requireNonNull("target", variables.get("target"))));
        }
        QueryTemplate template = QueryTemplate.of(query.template());
        if (template.variables().contains("track") && !variables.containsKey("track")) {
            String target = variables.get("target");
            if (target == null) {
                throw new IllegalArgumentException("track: needs the variable target to name the track's series");
            }
            variables.put("track", labels.valueFor(query.track(), target));
        }
        return new Rendered(template.render(variables), null, null);
    }

    private static String interval(Duration window) {
        return window.toMillis() % 1000 == 0 ? window.toSeconds() + "s" : window.toMillis() + "ms";
    }

    private Fetched send(String query, Instant time) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("query", query);
        params.put("time", seconds(time));
        return send("/api/v1/query", params);
    }

    private static String seconds(Instant time) {
        return BigDecimal.valueOf(time.toEpochMilli(), 3).toPlainString();
    }

    private Fetched send(String path, Map<String, String> params) {
        Fetched fetched = sendOnce(path, params);
        String failure = fetched.failure();
        // an answer may echo the request, its credentials included: never quote them
        return failure == null ? fetched : new Fetched(null, http.scrub(failure));
    }

    private Fetched sendOnce(String path, Map<String, String> params) {
        sent.incrementAndGet();
        LOG.debug("Prometheus {} {}", path, params);
        try {
            return fetched(http.get(path, params));
        } catch (HttpTimeoutException e) {
            return new Fetched(null, "timed out after " + Durations.format(http.timeout()));
        } catch (BodyTooLargeException e) {
            return new Fetched(null, "response from " + http.shownUrl() + " larger than maxBodySize ("
                    + ByteSizes.format(e.limit()) + ")");
        } catch (ConnectException e) {
            return new Fetched(null, "unreachable: " + http.shownUrl() + " (" + describe(e) + ")");
        } catch (IOException e) {
            return new Fetched(null, "request to " + http.shownUrl() + " failed: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetched(null, "interrupted");
        }
    }

    private static Fetched fetched(PrometheusHttp.Reply reply) {
        PrometheusResponse response;
        try {
            response = PrometheusResponseParser.parse(reply.body());
        } catch (MalformedResponseException e) {
            return new Fetched(null, reply.status() / 100 == 2 ? "malformed response: " + e.getMessage()
                    : "HTTP " + reply.status() + " " + excerpt(reply.body()));
        }
        if (response instanceof PrometheusResponse.Error error) {
            return new Fetched(null, error.reason());
        }
        if (reply.status() / 100 != 2) {
            return new Fetched(null, "HTTP " + reply.status() + " " + excerpt(reply.body()));
        }
        return new Fetched(response, null);
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String excerpt(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return flat.length() <= BODY_EXCERPT ? flat : flat.substring(0, BODY_EXCERPT) + "...";
    }

    /** Builds a {@link PrometheusMetricSource}; obtain one with {@link PrometheusMetricSource#builder}. Not thread-safe. */
    public static final class Builder {

        private final PrometheusConfig config;
        private BuiltInQueries queries = BuiltInQueries.ISTIO;
        private Clock clock = Clock.systemUTC();
        private Duration shareWindow = Duration.ofSeconds(5);

        Builder(PrometheusConfig config) {
            this.config = InvalidValueException.requireNonNull("config", config);
        }

        /** The flavor of the built-in checks; default {@link BuiltInQueries#ISTIO}. */
        public Builder queries(BuiltInQueries queries) {
            this.queries = InvalidValueException.requireNonNull("queries", queries);
            return this;
        }

        /** The clock whose instant is each query's evaluation time; default the system clock in UTC. */
        public Builder clock(Clock clock) {
            this.clock = InvalidValueException.requireNonNull("clock", clock);
            return this;
        }

        /**
         * How close in time identical queries must be to share one HTTP request; default 5 seconds;
         * zero turns sharing off; at least one millisecond otherwise.
         */
        public Builder shareWindow(Duration shareWindow) {
            InvalidValueException.requireNonNull("shareWindow", shareWindow);
            if (shareWindow.isNegative() || (!shareWindow.isZero() && shareWindow.toMillis() == 0)) {
                throw new InvalidValueException("shareWindow", shareWindow, "must be zero or at least 1ms");
            }
            this.shareWindow = shareWindow;
            return this;
        }

        /**
         * The source.
         *
         * @throws InvalidConfigException listing every problem of the configuration, or naming the
         *                                CA certificate file when it cannot be loaded
         */
        public PrometheusMetricSource build() {
            List<Problem> problems = config.validate();
            if (!problems.isEmpty()) {
                throw new InvalidConfigException("Prometheus configuration", problems);
            }
            PrometheusHttp http;
            try {
                http = new PrometheusHttp(config);
            } catch (IOException | GeneralSecurityException e) {
                throw new InvalidConfigException("Prometheus configuration", List.of(new Problem(config.prefix() + ".caCertificate",
                        "cannot be loaded as PEM CA certificates: " + e.getMessage())));
            }
            if (config.insecureSkipVerify()) {
                LOG.warn("Prometheus at {}: insecureSkipVerify is true, so any server certificate is accepted; "
                        + "use it for test clusters only", http.shownUrl());
            }
            return new PrometheusMetricSource(http, queries, clock, shareWindow.toMillis());
        }
    }
}
