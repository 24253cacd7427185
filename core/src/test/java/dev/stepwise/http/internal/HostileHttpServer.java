package dev.stepwise.http.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server on 127.0.0.1 that answers badly on purpose. {@code /drip}: the headers at once,
 * then one byte every 500 ms, 60 bytes at most (30 s). {@code /flood}: the headers, then 64 MiB
 * in 64 KiB chunks. Any other path: 200 with {@link #okBody}. Every loop is bounded and ends when
 * the client hangs up or the server is closed.
 */
public final class HostileHttpServer implements AutoCloseable {

    /** How many bytes {@code /flood} sends. */
    public static final long FLOOD_BYTES = 64L * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final String okBody;
    private final BlockingQueue<Long> floods = new LinkedBlockingQueue<>();

    /** Started at once on a free port. */
    public HostileHttpServer(String okBody) throws IOException {
        this.okBody = okBody;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/drip", this::drip);
        server.createContext("/flood", this::flood);
        server.createContext("/", this::ok);
        server.start();
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void drip(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 60 && !awaitClose(500); i++) {
                out.write('{');
                out.flush();
            }
        } catch (IOException hungUp) {
            // the client gave up: what this server is for
        }
    }

    private void flood(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(200, 0);
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        long sent = 0;
        try (OutputStream out = exchange.getResponseBody()) {
            while (sent < FLOOD_BYTES && closed.getCount() > 0) {
                out.write(chunk);
                sent += chunk.length;
            }
        } catch (IOException hungUp) {
            // the client gave up: what this server is for
        } finally {
            floods.add(sent);
        }
    }

    /**
     * How many bytes the next {@code /flood} answer managed to send before the client hung up,
     * waiting up to 10 seconds for it to end; -1 if it did not.
     */
    public long floodSent() throws InterruptedException {
        Long sent = floods.poll(10, TimeUnit.SECONDS);
        return sent == null ? -1 : sent;
    }

    private void ok(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] body = okBody.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private boolean awaitClose(long millis) {
        try {
            return closed.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
