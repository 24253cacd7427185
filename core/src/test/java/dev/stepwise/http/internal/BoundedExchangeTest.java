package dev.stepwise.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A bounded exchange against a hostile HTTP server on 127.0.0.1. */
@DisplayName("A bounded HTTP exchange")
class BoundedExchangeTest {

    /** Generous for a loaded 2-core machine: the bound is what matters, not the precision. */
    static final Duration MARGIN = Duration.ofSeconds(5);
    static final Duration DEADLINE = Duration.ofSeconds(2);
    static final long LIMIT = 1024 * 1024;

    HostileHttpServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final BoundedExchange bounded = new BoundedExchange(DEADLINE, LIMIT);

    @BeforeEach
    void start() throws IOException {
        server = new HostileHttpServer("fine");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpRequest get(String path) {
        return HttpRequest.newBuilder(server.uri(path)).timeout(DEADLINE).GET().build();
    }

    @Test
    @DisplayName("gives up at the deadline when the body arrives a byte every 500 ms, and the client works afterwards")
    void drip() throws Exception {
        long start = System.nanoTime();

        assertThatThrownBy(() -> bounded.send(client, get("/drip")))
                .isInstanceOf(HttpTimeoutException.class)
                .hasMessage("the exchange took longer than 2000ms, body included");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE.plus(MARGIN));
        assertThat(bounded.send(client, get("/ok"))).isEqualTo(new BoundedExchange.Reply(200, "fine"));
    }

    @Test
    @DisplayName("refuses a 64 MiB body past a 1 MiB limit and hangs up, and the client works afterwards")
    void flood() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> bounded.send(client, get("/flood")))
                    .isInstanceOfSatisfying(BodyTooLargeException.class, e -> assertThat(e.limit()).isEqualTo(LIMIT))
                    .hasMessage("response body larger than the limit of 1 MiB");
            // the server could send little more than the limit and its socket buffers: the client stopped reading
            assertThat(server.floodSent()).isBetween(LIMIT, 16 * LIMIT);
        }

        assertThat(bounded.send(client, get("/ok"))).isEqualTo(new BoundedExchange.Reply(200, "fine"));
    }

    @Test
    @DisplayName("returns a body of exactly the limit")
    void exactlyTheLimit() throws Exception {
        try (HostileHttpServer exact = new HostileHttpServer("x".repeat((int) LIMIT))) {
            HttpRequest request = HttpRequest.newBuilder(exact.uri("/")).GET().build();

            assertThat(bounded.send(client, request).body()).hasSize((int) LIMIT);
        }
    }

    @Test
    @DisplayName("refuses a deadline that is not positive and a limit outside 1 byte to 2 GiB")
    void validation() {
        assertThatThrownBy(() -> new BoundedExchange(Duration.ZERO, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deadline");
        assertThatThrownBy(() -> new BoundedExchange(DEADLINE, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBodyBytes");
    }
}
