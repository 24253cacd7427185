package dev.stepwise.metrics.prometheus.internal;

import dev.stepwise.http.internal.BoundedExchange;
import dev.stepwise.metrics.prometheus.PrometheusConfig;
import dev.stepwise.secret.internal.RedactedUrl;
import dev.stepwise.secret.internal.Secrets;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLParameters;

/**
 * GET requests to a Prometheus API with the configured timeout, authentication and headers; each
 * exchange, body included, is bounded by the timeout and {@link PrometheusConfig#maxBodySize()}.
 * Thread-safe. Not API.
 */
public final class PrometheusHttp {

    /** A status code and a body. */
    public record Reply(int status, String body) {
    }

    private final HttpClient client;
    private final String baseUrl;
    private final Duration timeout;
    private final BoundedExchange bounds;
    private final List<String> headers;
    private final Secrets secrets;
    private final String shownUrl;

    /**
     * A client for {@code config}, which must be valid.
     *
     * @throws IOException              if the CA certificate file cannot be read
     * @throws GeneralSecurityException if it holds no usable certificate
     */
    public PrometheusHttp(PrometheusConfig config) throws IOException, GeneralSecurityException {
        this.timeout = config.timeout();
        this.bounds = new BoundedExchange(timeout, config.maxBodySize());
        String base = config.baseUrl().toString();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        Optional<java.nio.file.Path> ca = config.caCertificate();
        if (config.insecureSkipVerify()) {
            SSLParameters parameters = new SSLParameters();
            parameters.setEndpointIdentificationAlgorithm(null);
            builder.sslContext(TlsContexts.trustingAnything()).sslParameters(parameters);
        } else if (ca.isPresent()) {
            builder.sslContext(TlsContexts.trusting(ca.get()));
        }
        this.client = builder.build();
        List<String> list = new ArrayList<>();
        list.add("Accept");
        list.add("application/json");
        config.headers().forEach((name, value) -> {
            list.add(name);
            list.add(value);
        });
        authorization(config).ifPresent(value -> {
            list.add("Authorization");
            list.add(value);
        });
        this.headers = List.copyOf(list);
        List<String> secretValues = new ArrayList<>(config.headers().values());
        config.bearerToken().ifPresent(secretValues::add);
        config.basicAuthPassword().ifPresent(secretValues::add);
        authorization(config).ifPresent(value -> {
            secretValues.add(value);
            secretValues.add(value.substring(value.indexOf(' ') + 1));
        });
        this.secrets = Secrets.of(secretValues).and(Secrets.in(config.baseUrl()));
        this.shownUrl = RedactedUrl.of(baseUrl);
    }

    /**
     * {@code text} (a response excerpt, a transport's error) without this client's own credentials:
     * the token, the password, the extra headers' values and the {@code Authorization} value, in any
     * form {@link Secrets} knows.
     */
    public String scrub(String text) {
        return secrets.scrub(text);
    }

    /** The base URL as it may be shown in messages ({@link RedactedUrl}). */
    public String shownUrl() {
        return shownUrl;
    }

    /** The longest response body accepted, in bytes. */
    public long maxBodySize() {
        return bounds.maxBodyBytes();
    }

    /** The request timeout, body included. */
    public Duration timeout() {
        return timeout;
    }

    /** The base URL without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * GETs {@code path} (e.g. {@code /api/v1/query}) with the query parameters {@code params}.
     *
     * @throws java.net.http.HttpTimeoutException when the exchange, body included, takes longer than the timeout
     * @throws dev.stepwise.http.internal.BodyTooLargeException when the body is longer than the limit
     * @throws IOException                        when the server cannot be reached or the exchange fails
     */
    public Reply get(String path, Map<String, String> params) throws IOException, InterruptedException {
        String query = params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        URI uri = URI.create(baseUrl + path + (query.isEmpty() ? "" : "?" + query));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .headers(headers.toArray(String[]::new))
                .GET()
                .build();
        BoundedExchange.Reply reply = bounds.send(client, request);
        return new Reply(reply.status(), reply.body());
    }

    private static Optional<String> authorization(PrometheusConfig config) {
        if (config.bearerToken().isPresent()) {
            return Optional.of("Bearer " + config.bearerToken().get());
        }
        if (config.basicAuthUsername().isPresent() && config.basicAuthPassword().isPresent()) {
            String pair = config.basicAuthUsername().get() + ":" + config.basicAuthPassword().get();
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }

    private static String encode(String text) {
        // %20 rather than +: unambiguous for every server behind the same API
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
