package dev.stepwise.spec;

import dev.stepwise.secret.internal.RedactedUrl;
import dev.stepwise.validation.internal.NodeReader;
import dev.stepwise.validation.internal.ValueText;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code spec.metricsServer}. A secret is only ever referenced: a string where a reference
 * belongs, or a field named like a secret, is refused with how to reference it, and the value is
 * never echoed.
 */
final class MetricsServerSpecReader {

    static final List<String> FIELDS = List.of("address", "timeout", "bearerToken", "basicAuth");
    static final List<String> BASIC_AUTH_FIELDS = List.of("username", "password");
    static final List<String> REF_FIELDS = List.of("secretKeyRef", "env");
    static final List<String> SECRET_KEY_FIELDS = List.of("name", "key");

    private static final String LITERAL = "a secret is never written in a spec (it is kept in Git and printed);"
            + " reference it: " + SecretRef.HOW_TO_REFERENCE;
    private static final Map<String, String> HINTS = Map.of(
            "token", LITERAL + " under bearerToken",
            "password", LITERAL + " under basicAuth.password",
            "apiKey", LITERAL + " under bearerToken",
            "url", "the field is address",
            "type", "any Prometheus-compatible API is queried the same way; leave it out");

    private MetricsServerSpecReader() {
    }

    static Optional<MetricsServerSpec> read(NodeReader server) {
        server.allowOnly(FIELDS, HINTS);
        Optional<URI> address = server.required("address", MetricsServerSpecReader::address);
        Duration timeout = server.optional("timeout", SpecValues.durationBetween(MetricsServerSpec.MIN_TIMEOUT,
                MetricsServerSpec.MAX_TIMEOUT)).orElse(MetricsServerSpec.DEFAULT_TIMEOUT);
        if (server.has("bearerToken") && server.has("basicAuth")) {
            server.problem(ValueText.setTogether(List.of("bearerToken", "basicAuth")) + "; use one of them");
        }
        Optional<MetricsServerSpec.Credentials> credentials = server.has("bearerToken")
                ? server.optional("bearerToken", MetricsServerSpecReader::reference)
                        .map(MetricsServerSpec.Credentials.BearerToken::new)
                : server.has("basicAuth") ? server.object("basicAuth").flatMap(MetricsServerSpecReader::basicAuth)
                : Optional.of(new MetricsServerSpec.Credentials.None());
        if (server.troubled() || address.isEmpty() || credentials.isEmpty()) {
            return Optional.empty();
        }
        return server.build(() -> new MetricsServerSpec(address.get(), timeout, credentials.get()));
    }

    private static Optional<URI> address(NodeReader value) {
        if (!value.node().isTextual()) {
            return value.expected("a URL such as http://prometheus.monitoring:9090");
        }
        String text = value.node().textValue().strip();
        try {
            return Optional.of(new URI(text));
        } catch (URISyntaxException e) {
            value.problem(RedactedUrl.of(text) + " is not a URL; use e.g. http://prometheus.monitoring:9090");
            return Optional.empty();
        }
    }

    private static Optional<MetricsServerSpec.Credentials> basicAuth(NodeReader auth) {
        auth.allowOnly(BASIC_AUTH_FIELDS);
        Optional<String> username = auth.required("username", NodeReader::asString);
        Optional<SecretRef> password = auth.required("password", MetricsServerSpecReader::reference);
        if (username.isEmpty() || password.isEmpty()) {
            return Optional.empty();
        }
        return auth.build(() -> new MetricsServerSpec.Credentials.BasicAuth(username.get(), password.get()));
    }

    /** A reference to a secret; a literal (any scalar) is refused without showing it. */
    static Optional<SecretRef> reference(NodeReader ref) {
        if (ref.node().isValueNode()) {
            ref.problem(LITERAL);
            return Optional.empty();
        }
        if (!ref.node().isObject()) {
            // not described: whatever it holds may be the secret
            ref.problem("expected a reference: " + SecretRef.HOW_TO_REFERENCE);
            return Optional.empty();
        }
        ref.allowOnly(REF_FIELDS);
        if (ref.has("secretKeyRef") == ref.has("env")) {
            ref.problem("declare exactly one of secretKeyRef, env");
            return Optional.empty();
        }
        if (ref.has("env")) {
            return ref.required("env", NodeReader::asString).flatMap(name -> ref.build(() -> new SecretRef.EnvVar(name)));
        }
        return ref.object("secretKeyRef").flatMap(key -> {
            key.allowOnly(SECRET_KEY_FIELDS);
            Optional<String> name = key.required("name", NodeReader::asString);
            Optional<String> k = key.required("key", NodeReader::asString);
            return name.isPresent() && k.isPresent() ? key.build(() -> new SecretRef.SecretKey(name.get(), k.get()))
                    : Optional.empty();
        });
    }
}
