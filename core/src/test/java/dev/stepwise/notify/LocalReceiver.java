package dev.stepwise.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/** A real HTTP server on 127.0.0.1 recording the bodies posted to it and answering a status per request. */
final class LocalReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ConcurrentLinkedQueue<String> bodies = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();

    /** Answers {@code status.applyAsInt(n)} to the n-th request (1-based). */
    LocalReceiver(IntUnaryOperator status) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            int number = requests.incrementAndGet();
            try (InputStream in = exchange.getRequestBody()) {
                bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(status.applyAsInt(number), -1);
            exchange.close();
        });
        server.start();
    }

    static LocalReceiver ok() throws IOException {
        return new LocalReceiver(n -> 200);
    }

    /** An address on this server carrying a token in its path and query, as chat webhooks do. */
    URI address(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path + "/T0/B0/s3cretT0ken?token=qwerty123");
    }

    int requests() {
        return requests.get();
    }

    List<String> bodies() {
        return new ArrayList<>(bodies);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
