package dev.stepwise.spec;

import dev.stepwise.secret.internal.RedactedUrl;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problems;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * The Prometheus-compatible API (Prometheus, Thanos, Mimir, VictoriaMetrics) the analysis queries.
 * Credentials are only ever referenced ({@link SecretRef}), never written in the spec.
 *
 * <pre>{@code
 * metricsServer:
 *   address: http://prometheus.monitoring:9090
 *   timeout: 10s
 *   bearerToken: {secretKeyRef: {name: prometheus, key: token}}
 * }</pre>
 *
 * @param address     the API's base URL, absolute {@code http} or {@code https} with a host; a
 *                    path prefix (Mimir's {@code /prometheus}) is kept. No user info and no
 *                    credential-like query parameter ({@code token}, {@code key}, ...); shown
 *                    redacted in every message
 * @param timeout     how long one request may take, {@value #MIN_TIMEOUT_TEXT} to
 *                    {@value #MAX_TIMEOUT_TEXT}; default {@value #DEFAULT_TIMEOUT_TEXT}
 * @param credentials how requests authenticate; default {@link Credentials.None}
 */
public record MetricsServerSpec(URI address, Duration timeout, Credentials credentials) {

    static final String MIN_TIMEOUT_TEXT = "10ms";
    static final String MAX_TIMEOUT_TEXT = "10m";
    static final String DEFAULT_TIMEOUT_TEXT = "10s";
    /** The shortest request timeout, as for the Prometheus module. */
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(10);
    /** The longest request timeout, as for the Prometheus module. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    /** The request timeout when none is set. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** @throws dev.stepwise.validation.InvalidConfigException listing every problem */
    public MetricsServerSpec {
        Problems problems = new Problems();
        checkAddress(problems, address);
        problems.checkBetween("timeout", timeout, MIN_TIMEOUT, MAX_TIMEOUT);
        InvalidValueException.requireNonNull("credentials", credentials);
        problems.throwIfAny("metrics server");
    }

    /** The server at {@code address}, without credentials, with the default timeout. */
    public static MetricsServerSpec of(URI address) {
        return new MetricsServerSpec(address, DEFAULT_TIMEOUT, new Credentials.None());
    }

    /** This server, authenticating with {@code credentials}. */
    public MetricsServerSpec withCredentials(Credentials credentials) {
        return new MetricsServerSpec(address, timeout, credentials);
    }

    private static void checkAddress(Problems problems, URI address) {
        if (address == null) {
            problems.add("address", "is required, e.g. http://prometheus.monitoring:9090");
            return;
        }
        String scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(Locale.ROOT);
        if (RedactedUrl.hasUserInfo(address)) {
            // user info would put a password in a file kept in Git and printed by every tool
            problems.add("address", RedactedUrl.of(address) + " must not contain user info; reference the credentials"
                    + " with bearerToken or basicAuth: " + SecretRef.HOW_TO_REFERENCE);
        } else if (!address.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))
                || address.getHost() == null) {
            problems.add("address", RedactedUrl.of(address)
                    + " must be an absolute http or https URL, e.g. http://prometheus.monitoring:9090");
        } else if (hasCredentialParameter(address)) {
            problems.add("address", RedactedUrl.of(address) + " must not carry a credential in its query;"
                    + " reference it with bearerToken: " + SecretRef.HOW_TO_REFERENCE);
        }
    }

    private static boolean hasCredentialParameter(URI address) {
        String query = address.getRawQuery();
        if (query == null) {
            return false;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (RedactedUrl.isCredentialName(eq < 0 ? pair : pair.substring(0, eq))) {
                return true;
            }
        }
        return false;
    }

    /** How requests to the metrics server authenticate. */
    public sealed interface Credentials permits Credentials.None, Credentials.BearerToken, Credentials.BasicAuth {

        /** No credentials: the server is reached without authentication (the default). */
        record None() implements Credentials {
        }

        /** {@code Authorization: Bearer <token>}, the token read from {@code token} when the rollout runs. */
        record BearerToken(SecretRef token) implements Credentials {
            public BearerToken {
                InvalidValueException.requireNonNull("bearerToken", token);
            }
        }

        /**
         * HTTP basic authentication.
         *
         * @param username the user name, not a secret: written in the spec, 1 to 253 characters
         *                 without {@code :} or line breaks
         * @param password where the password is kept
         */
        record BasicAuth(String username, SecretRef password) implements Credentials {
            public BasicAuth {
                Problems problems = new Problems();
                if (username == null || username.isEmpty() || username.length() > 253
                        || username.chars().anyMatch(c -> c == ':' || c == '\n' || c == '\r')) {
                    problems.add("username", "must be 1 to 253 characters without ':' or line breaks");
                }
                if (password == null) {
                    problems.add("password", "is required: " + SecretRef.HOW_TO_REFERENCE);
                }
                problems.throwIfAny("basic authentication");
            }
        }
    }
}
