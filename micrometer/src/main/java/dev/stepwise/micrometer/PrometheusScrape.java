package dev.stepwise.micrometer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stepwise.validation.InvalidValueException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Prometheus scrape endpoint for a {@link PrometheusMeterRegistry} (the one {@link StepwiseMetrics}
 * writes to), on the JDK's own HTTP server: {@code GET /metrics} answers the registry's scrape in the
 * Prometheus text format 0.0.4, or in OpenMetrics 1.0.0 when the {@code Accept} header asks for
 * {@code application/openmetrics-text}; {@code GET /healthz} answers 200 {@code ok} (for Kubernetes
 * probes); any other path 404, any other method 405 (with {@code Allow: GET, HEAD}).
 *
 * <p>Defaults: host {@code 0.0.0.0}, port 9090 (0 takes an ephemeral one, see {@link #port()}), path
 * {@code /metrics}. Requests are served by two daemon threads with a queue of 64; past that a request
 * is refused and its connection closed. Plain HTTP, no authentication: expose it inside the cluster
 * only. {@link #close()} stops the server and its threads; a scrape failing answers 500 and logs why.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * StepwiseMetrics metrics = StepwiseMetrics.builder().registry(registry).build();
 * try (PrometheusScrape scrape = PrometheusScrape.builder(registry).port(9090).build().start()) {
 *     // run the engine with .listener(metrics)
 * }
 * }</pre>
 */
public final class PrometheusScrape implements AutoCloseable {

    /** The Prometheus text format's content type. */
    static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";
    /** The OpenMetrics text format's content type. */
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    /** The probe path, {@value}. */
    public static final String HEALTH_PATH = "/healthz";

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusScrape.class);
    private static final int THREADS = 2;
    private static final int QUEUE = 64;

    private final PrometheusMeterRegistry registry;
    private final String host;
    private final int port;
    private final String path;
    private @Nullable HttpServer server;
    private @Nullable ThreadPoolExecutor executor;

    private PrometheusScrape(Builder b) {
        this.registry = b.registry;
        this.host = b.host;
        this.port = b.port;
        this.path = b.path;
    }

    /** A builder for an endpoint serving {@code registry}. */
    public static Builder builder(PrometheusMeterRegistry registry) {
        return new Builder(registry);
    }

    /**
     * Binds the port and starts serving; returns this endpoint.
     *
     * @throws UncheckedIOException  if the address cannot be bound (the message names it)
     * @throws IllegalStateException if already started
     */
    public synchronized PrometheusScrape start() {
        if (server != null) {
            throw new IllegalStateException(this + " is already started");
        }
        HttpServer created;
        try {
            created = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor threads = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "stepwise-prometheus-scrape-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        created.setExecutor(threads);
        created.createContext("/", this::handle);
        created.start();
        server = created;
        executor = threads;
        LOG.info("Serving Prometheus metrics on http://{}:{}{}", host, created.getAddress().getPort(), path);
        return this;
    }

    /**
     * The port served, the ephemeral one when built with port 0.
     *
     * @throws IllegalStateException if not started or closed
     */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException(this + " is not started");
        }
        return server.getAddress().getPort();
    }

    /** Stops serving at once and ends its threads; does nothing when not started. Idempotent. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String requested = exchange.getRequestURI().getPath();
            if (!requested.equals(path) && !requested.equals(HEALTH_PATH)) {
                respond(exchange, 404, "text/plain; charset=utf-8", "not found: " + requested + "\n");
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed: " + method + "\n");
            } else if (requested.equals(HEALTH_PATH)) {
                respond(exchange, 200, "text/plain; charset=utf-8", "ok\n");
            } else {
                scrape(exchange);
            }
        }
    }

    private void scrape(HttpExchange exchange) throws IOException {
        String contentType = contentType(exchange.getRequestHeaders().getFirst("Accept"));
        String body;
        try {
            body = registry.scrape(contentType);
        } catch (RuntimeException e) {
            LOG.error("Prometheus scrape failed: {}", e.toString(), e);
            respond(exchange, 500, "text/plain; charset=utf-8", "scrape failed: " + e.getClass().getSimpleName() + "\n");
            return;
        }
        respond(exchange, 200, contentType, body);
    }

    /** The format to answer in: OpenMetrics only when the scraper asks for it. */
    static String contentType(@Nullable String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text") ? OPENMETRICS : TEXT_004;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public String toString() {
        return "PrometheusScrape[" + host + ":" + port + path + "]";
    }

    /** Builds a {@link PrometheusScrape}; every setter validates at once. */
    public static final class Builder {

        private final PrometheusMeterRegistry registry;
        private String host = "0.0.0.0";
        private int port = 9090;
        private String path = "/metrics";

        private Builder(PrometheusMeterRegistry registry) {
            this.registry = InvalidValueException.requireNonNull("registry", registry);
        }

        /** The address to bind; default {@code 0.0.0.0} (every interface). */
        public Builder host(String host) {
            InvalidValueException.requireNonNull("host", host);
            if (host.isBlank()) {
                throw new InvalidValueException("host", host, "must be a host name or an address");
            }
            this.host = host;
            return this;
        }

        /** The port, 0..65535; default 9090; 0 takes an ephemeral port ({@link PrometheusScrape#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new InvalidValueException("port", port, "must be in 0..65535");
            }
            this.port = port;
            return this;
        }

        /** The metrics path, starting with {@code /} and not {@value PrometheusScrape#HEALTH_PATH}; default {@code /metrics}. */
        public Builder path(String path) {
            InvalidValueException.requireNonNull("path", path);
            if (!path.startsWith("/") || path.equals(HEALTH_PATH) || path.chars().anyMatch(Character::isWhitespace)) {
                throw new InvalidValueException("path", path, "must start with '/', hold no space and not be " + HEALTH_PATH);
            }
            this.path = path;
            return this;
        }

        /** The endpoint, not started. */
        public PrometheusScrape build() {
            return new PrometheusScrape(this);
        }
    }
}
