package dev.stepwise.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A hostile HTTP server on 127.0.0.1 that answers every request with 401 (paths under
 * {@code /auth}) or 500 and a body echoing the request: its URI with the query, every header
 * and the body. Whatever secret a client sends comes back in the answer.
 */
final class EchoServer implements AutoCloseable {

    private final HttpServer server;

    private EchoServer(HttpServer server) {
        this.server = server;
    }

    static EchoServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", EchoServer::echo);
        server.start();
        return new EchoServer(server);
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void echo(HttpExchange exchange) throws IOException {
        // what a client sends that may be secret first, so that even a short excerpt quotes it
        StringBuilder body = new StringBuilder("you sent ");
        for (String name : new String[] {"Authorization", "X-Scope-OrgID"}) {
            String value = exchange.getRequestHeaders().getFirst(name);
            body.append(value == null ? "" : name + ": " + value + "\n");
        }
        try (InputStream in = exchange.getRequestBody()) {
            body.append(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8)).append('\n');
        }
        body.append(exchange.getRequestMethod()).append(' ').append(exchange.getRequestURI()).append('\n');
        for (Map.Entry<String, java.util.List<String>> header : exchange.getRequestHeaders().entrySet()) {
            body.append(header.getKey()).append(": ").append(String.join(", ", header.getValue())).append('\n');
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        boolean auth = exchange.getRequestURI().getPath().startsWith("/auth");
        if (auth) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"echo\"");
        }
        exchange.sendResponseHeaders(auth ? 401 : 500, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
