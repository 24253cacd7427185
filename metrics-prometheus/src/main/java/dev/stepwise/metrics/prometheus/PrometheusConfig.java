package dev.stepwise.metrics.prometheus;

import dev.stepwise.http.internal.ByteSizes;
import dev.stepwise.secret.internal.RedactedUrl;
import dev.stepwise.time.Durations;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problem;
import dev.stepwise.validation.Problems;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How to reach a Prometheus HTTP API (or Thanos, Mimir, Cortex behind the same API), in the
 * Micrometer style: every setting is read through {@link #get(String)} with a key
 * {@code prometheus.<name>}, and each {@code default} method states its default.
 *
 * <pre>{@code
 * PrometheusConfig config = PrometheusConfig.builder()
 *         .baseUrl("https://prometheus.monitoring:9090")
 *         .bearerToken(token)
 *         .timeout(Duration.ofSeconds(5))
 *         .build();
 * }</pre>
 *
 * <p>The accessors throw {@link InvalidValueException} (naming the key, never a secret) for an
 * invalid value; {@link #validate()} lists every problem at once. Secrets ({@link #bearerToken()},
 * {@link #basicAuthPassword()}) never appear in logs, {@code toString} or exception messages.
 */
public interface PrometheusConfig {

    /** Every setting at its default. */
    PrometheusConfig DEFAULT = key -> null;

    /** The shortest {@link #timeout()}: 10 ms. */
    Duration MIN_TIMEOUT = Duration.ofMillis(10);
    /** The longest {@link #timeout()}: 10 minutes; a query is judged once per analysis interval. */
    Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    /** The default of {@link #maxBodySize()}: 16 MiB. */
    long DEFAULT_MAX_BODY_SIZE = 16L * 1024 * 1024;

    /** The raw value of {@code key} (e.g. {@code prometheus.baseUrl}), or null when not set. */
    @Nullable String get(String key);

    /** The prefix of every key; default {@code prometheus}. */
    default String prefix() {
        return "prometheus";
    }

    /**
     * The API's base URL; the query endpoint is {@code <baseUrl>/api/v1/query}, so a path prefix
     * (Mimir's {@code /prometheus}) is kept. Key {@code baseUrl}; default {@code http://localhost:9090};
     * must be an absolute {@code http} or {@code https} URL with a host and without user info
     * (credentials go in {@link #bearerToken()} or {@link #basicAuthUsername()} and
     * {@link #basicAuthPassword()}). A rejected URL is shown without user info and without the
     * values of credential-like query parameters ({@link RedactedUrl}).
     */
    default URI baseUrl() {
        String key = prefix() + ".baseUrl";
        String text = get(key);
        if (text == null) {
            return URI.create("http://localhost:9090");
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new InvalidValueException(key, RedactedUrl.of(text), "is not a URL; use e.g. http://prometheus:9090");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new InvalidValueException(key, RedactedUrl.of(text),
                    "must be an absolute http or https URL, e.g. http://prometheus:9090");
        }
        if (RedactedUrl.hasUserInfo(uri)) {
            // user info in the URL would leak the password wherever the URL is printed
            throw new InvalidValueException(key, RedactedUrl.of(uri), "must not contain user info; pass credentials as "
                    + prefix() + ".basicAuthUsername and " + prefix() + ".basicAuthPassword or " + prefix()
                    + ".bearerToken (builder: basicAuth(user, password), bearerToken(token))");
        }
        return uri;
    }

    /**
     * How long one HTTP request may take, connecting and the whole response body included: a
     * server that sends its headers and then trickles the body fails the query at this deadline
     * rather than holding an engine thread. Key {@code timeout}, Go
     * ({@code 10s}, {@code 500ms}) or ISO-8601 ({@code PT10S}) text; default 10 seconds;
     * {@link #MIN_TIMEOUT 10ms} to {@link #MAX_TIMEOUT 10m}.
     */
    default Duration timeout() {
        String key = prefix() + ".timeout";
        String text = get(key);
        if (text == null) {
            return Duration.ofSeconds(10);
        }
        Duration timeout;
        try {
            timeout = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(key, text, "is not a duration; use e.g. 10s, 500ms or PT10S");
        }
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new InvalidValueException(key, text, "must be " + InvalidValueException.between(MIN_TIMEOUT, MAX_TIMEOUT));
        }
        return timeout;
    }

    /**
     * The longest response body accepted, in bytes; a longer one fails the query (and the
     * connection is closed) instead of filling the heap. Key {@code maxBodySize}: a whole number of
     * bytes, optionally with {@code KiB}, {@code MiB} or {@code GiB} ({@code 16MiB}); default
     * {@value #DEFAULT_MAX_BODY_SIZE} bytes (16 MiB): an instant vector for the built-in checks is a
     * few KiB, and a range query at Prometheus' limit of 11,000 points is about 300 KiB per
     * series, so 16 MiB leaves room for some 50 such series; from 1 KiB to 1 GiB.
     */
    default long maxBodySize() {
        String key = prefix() + ".maxBodySize";
        String text = get(key);
        if (text == null) {
            return DEFAULT_MAX_BODY_SIZE;
        }
        long size;
        try {
            size = ByteSizes.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(key, text, "is not a size; use e.g. 16MiB, 512KiB or 1048576");
        }
        if (size < 1024 || size > 1024L * 1024 * 1024) {
            throw new InvalidValueException(key, text, "must be from 1KiB to 1GiB");
        }
        return size;
    }

    /** A bearer token sent as {@code Authorization: Bearer ...}. Key {@code bearerToken}; default none. Secret. */
    default Optional<String> bearerToken() {
        return secret(prefix() + ".bearerToken");
    }

    /** The user name for HTTP basic authentication. Key {@code basicAuthUsername}; default none. */
    default Optional<String> basicAuthUsername() {
        return Optional.ofNullable(get(prefix() + ".basicAuthUsername")).filter(s -> !s.isEmpty());
    }

    /** The password for HTTP basic authentication. Key {@code basicAuthPassword}; default none. Secret. */
    default Optional<String> basicAuthPassword() {
        return secret(prefix() + ".basicAuthPassword");
    }

    /**
     * A PEM file with one or more CA certificates trusted for {@code https} instead of the JDK's
     * defaults. Key {@code caCertificate}; default none (the JDK's trust store); the file must exist.
     */
    default Optional<Path> caCertificate() {
        String key = prefix() + ".caCertificate";
        String text = get(key);
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            throw new InvalidValueException(key, text, "is not a file path");
        }
        if (!Files.isReadable(path)) {
            throw new InvalidValueException(key, text, "must be a readable PEM file");
        }
        return Optional.of(path);
    }

    /**
     * Whether to accept any server certificate, including one for another host name: for test
     * clusters only. It affects this source's HTTP client only, never the JVM. Key
     * {@code insecureSkipVerify}, {@code true} or {@code false}; default false. A WARN is logged
     * once when the source is built with it.
     */
    default boolean insecureSkipVerify() {
        String key = prefix() + ".insecureSkipVerify";
        String text = get(key);
        if (text == null) {
            return false;
        }
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new InvalidValueException(key, text, "must be true or false");
        }
        return value.equals("true");
    }

    /**
     * Extra headers sent with every request, e.g. {@code X-Scope-OrgID} for Mimir or Cortex. Key
     * {@code headers}: {@code Name=value} pairs separated by commas; default none. Header names
     * must be HTTP tokens and not {@code Authorization} (use the auth settings) nor one the JDK
     * client manages ({@code Host}, {@code Connection}, {@code Content-Length}, {@code Expect},
     * {@code Upgrade}); values must not contain line breaks.
     */
    default Map<String, String> headers() {
        String key = prefix() + ".headers";
        String text = get(key);
        Map<String, String> headers = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new InvalidValueException(key, "(" + pair.strip().length() + " characters)",
                        "must be Name=value pairs separated by commas");
            }
            String name = pair.substring(0, eq).strip();
            HeaderRules.check(key, name, pair.substring(eq + 1).strip());
            headers.put(name, pair.substring(eq + 1).strip());
        }
        return Map.copyOf(headers);
    }

    /** Every problem of this configuration, each with its key as path; empty when valid. */
    default List<Problem> validate() {
        Problems problems = new Problems();
        problems.attempt(prefix() + ".baseUrl", this::baseUrl);
        problems.attempt(prefix() + ".timeout", this::timeout);
        problems.attempt(prefix() + ".maxBodySize", this::maxBodySize);
        problems.attempt(prefix() + ".caCertificate", this::caCertificate);
        Boolean insecure = problems.attempt(prefix() + ".insecureSkipVerify", this::insecureSkipVerify);
        problems.attempt(prefix() + ".headers", this::headers);
        boolean basicUser = basicAuthUsername().isPresent();
        boolean basicPassword = basicAuthPassword().isPresent();
        if (bearerToken().isPresent() && (basicUser || basicPassword)) {
            problems.add(prefix() + ".bearerToken", "must not be set together with basic authentication; choose one");
        }
        if (basicUser != basicPassword) {
            problems.add(prefix() + (basicUser ? ".basicAuthPassword" : ".basicAuthUsername"),
                    "is required when " + (basicUser ? "basicAuthUsername" : "basicAuthPassword") + " is set");
        }
        if (Boolean.TRUE.equals(insecure) && get(prefix() + ".caCertificate") != null) {
            problems.add(prefix() + ".insecureSkipVerify", "must not be true when caCertificate is set; choose one");
        }
        return problems.toList();
    }

    /** A map-backed builder; {@link Builder#build()} validates. */
    static Builder builder() {
        return new Builder();
    }

    private Optional<String> secret(String key) {
        return Optional.ofNullable(get(key)).filter(s -> !s.isEmpty());
    }

    /**
     * Builds a {@link PrometheusConfig} from values set one by one. Its {@code toString} shows the
     * base URL, the timeout and header names only. Not thread-safe.
     */
    final class Builder {

        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Builder() {
        }

        /** The base URL; default {@code http://localhost:9090}. */
        public Builder baseUrl(String baseUrl) {
            return set("baseUrl", baseUrl);
        }

        /** The base URL; default {@code http://localhost:9090}. */
        public Builder baseUrl(URI baseUrl) {
            return set("baseUrl", baseUrl == null ? null : baseUrl.toString());
        }

        /** The timeout of one request, body included; default 10 seconds. */
        public Builder timeout(Duration timeout) {
            return set("timeout", timeout == null ? null : timeout.toString());
        }

        /** The longest response body accepted, in bytes; default 16 MiB; from 1 KiB to 1 GiB. */
        public Builder maxBodySize(long bytes) {
            return set("maxBodySize", Long.toString(bytes));
        }

        /** A bearer token; default none. */
        public Builder bearerToken(String token) {
            return set("bearerToken", token);
        }

        /** HTTP basic authentication; default none. */
        public Builder basicAuth(String username, String password) {
            set("basicAuthUsername", username);
            return set("basicAuthPassword", password);
        }

        /** A PEM file of CA certificates to trust; default the JDK's trust store. */
        public Builder caCertificate(Path pem) {
            return set("caCertificate", pem == null ? null : pem.toString());
        }

        /** Whether to accept any server certificate; default false. */
        public Builder insecureSkipVerify(boolean insecure) {
            return set("insecureSkipVerify", Boolean.toString(insecure));
        }

        /** An extra header sent with every request; a second call with the same name replaces the value. */
        public Builder header(String name, String value) {
            headers.put(name, value == null ? "" : value);
            return this;
        }

        /**
         * The configuration.
         *
         * @throws InvalidConfigException listing every problem, each with its key
         */
        public PrometheusConfig build() {
            MapPrometheusConfig config = new MapPrometheusConfig(values, headers);
            List<Problem> problems = new ArrayList<>(config.validate());
            if (!problems.isEmpty()) {
                throw new InvalidConfigException("Prometheus configuration", problems);
            }
            return config;
        }

        private Builder set(String name, @Nullable String value) {
            String key = "prometheus." + name;
            if (value == null) {
                values.remove(key);
            } else {
                values.put(key, value);
            }
            return this;
        }
    }
}
