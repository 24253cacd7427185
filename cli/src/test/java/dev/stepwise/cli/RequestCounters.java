package dev.stepwise.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An endpoint on 127.0.0.1 serving, at {@code /metrics}, the request counters of the services a
 * test registers, in the three instrumentations the built-in queries read: Istio's
 * {@code istio_requests_total}, Kuma's {@code envoy_cluster_upstream_rq} and the client libraries'
 * {@code http_requests_total}, for the stable ({@code <name>-primary}) and canary tracks of namespace
 * {@value #NAMESPACE}. The counters grow with the wall clock: stable {@value #STABLE_RPS} and canary
 * {@value #CANARY_RPS} requests a second, a share of the canary's answered 500.
 */
final class RequestCounters implements AutoCloseable {

    static final String NAMESPACE = "test";
    static final int STABLE_RPS = 50;
    static final int CANARY_RPS = 20;
    static final int PORT = 9898;

    private final HttpServer server;
    private final long start = System.nanoTime();
    private final Map<String, Double> canaryErrorShares = new ConcurrentHashMap<>();

    private RequestCounters(HttpServer server) {
        this.server = server;
    }

    static RequestCounters start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            RequestCounters counters = new RequestCounters(server);
            server.createContext("/metrics", exchange -> {
                byte[] body = counters.text().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return counters;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves the counters of service {@code name}, its canary failing {@code canaryErrorShare} (0..1) of its requests. */
    RequestCounters service(String name, double canaryErrorShare) {
        canaryErrorShares.put(name, canaryErrorShare);
        return this;
    }

    /** {@code 127.0.0.1:<port>}, for a scrape config. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    String text() {
        double seconds = (System.nanoTime() - start) / 1e9;
        StringBuilder text = new StringBuilder();
        canaryErrorShares.forEach((name, errors) -> {
            track(text, name, name + "-primary", name + "-primary", seconds * STABLE_RPS, 0);
            double canary = seconds * CANARY_RPS;
            track(text, name, name, name + "-canary", canary * (1 - errors), canary * errors);
        });
        return text.toString();
    }

    private static void track(StringBuilder text, String service, String workload, String trackService, double ok,
                              double failed) {
        String kuma = trackService + "_" + NAMESPACE + "_svc_" + PORT;
        for (String[] code : new String[][] {{"200", String.valueOf(Math.floor(ok))}, {"500", String.valueOf(Math.floor(failed))}}) {
            text.append("istio_requests_total{reporter=\"destination\",destination_workload_namespace=\"").append(NAMESPACE)
                    .append("\",destination_workload=\"").append(workload).append("\",response_code=\"").append(code[0])
                    .append("\"} ").append(code[1]).append('\n');
            text.append("envoy_cluster_upstream_rq{kuma_io_service=\"").append(kuma).append("\",envoy_response_code=\"")
                    .append(code[0]).append("\"} ").append(code[1]).append('\n');
            text.append("http_requests_total{namespace=\"").append(NAMESPACE).append("\",app=\"").append(workload)
                    .append("\",code=\"").append(code[0]).append("\"} ").append(code[1]).append('\n');
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    @Override
    public String toString() {
        return "RequestCounters[" + address() + ", " + canaryErrorShares + "]";
    }
}
