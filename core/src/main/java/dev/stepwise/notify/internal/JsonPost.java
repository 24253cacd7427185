package dev.stepwise.notify.internal;

import dev.stepwise.http.internal.BodyTooLargeException;
import dev.stepwise.http.internal.BoundedExchange;
import dev.stepwise.secret.internal.Secrets;
import dev.stepwise.spi.Retrier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Posts a JSON payload to a secret address, each attempt a {@link BoundedExchange} (the timeout
 * covers the whole exchange, the answer's body is capped at 64 KiB), retried by a {@link Retrier}
 * on a 5xx or 429 answer, a timeout or a transport failure; a 2xx answer is delivery. Every message
 * it gives is scrubbed of the address's secrets. Not API.
 */
public final class JsonPost {

    /** How a delivery ended: delivered after {@code attempts}, or not, saying why (scrubbed). */
    public record Delivery(boolean delivered, int attempts, String reason) {
    }

    private static final long MAX_ANSWER_BYTES = 64 * 1024;

    private final HttpClient http;
    private final Duration timeout;
    private final Retrier retrier;

    public JsonPost(HttpClient http, Duration timeout, Retrier retrier) {
        this.http = http;
        this.timeout = timeout;
        this.retrier = retrier;
    }

    /** Posts {@code json} to {@code address}, retrying as the retrier says; never throws. */
    public Delivery post(URI address, String json) {
        Secrets secrets = ChannelAddress.secrets(address);
        int[] attempts = {0};
        try {
            retrier.run(number -> {
                attempts[0] = number;
                attempt(address, json);
                return Boolean.TRUE;
            }, new Retrier.Failures() {
                @Override
                public boolean isRetriable(RuntimeException failure) {
                    return failure instanceof Undelivered undelivered && undelivered.retriable;
                }
            });
            return new Delivery(true, attempts[0], "");
        } catch (Undelivered e) {
            return new Delivery(false, attempts[0], secrets.scrub(e.getMessage()));
        } catch (RuntimeException e) {
            return new Delivery(false, attempts[0], secrets.scrub(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private void attempt(URI address, String json) {
        HttpRequest request = HttpRequest.newBuilder(address).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            int status = new BoundedExchange(timeout, MAX_ANSWER_BYTES).send(http, request).status();
            if (status < 200 || status > 299) {
                throw new Undelivered("HTTP " + status, status >= 500 || status == 429);
            }
        } catch (BodyTooLargeException e) {
            throw new Undelivered("answer's body larger than 64 KiB", false);
        } catch (HttpTimeoutException e) {
            throw new Undelivered("timed out after " + timeout.toMillis() + "ms", true);
        } catch (IOException e) {
            throw new Undelivered("request failed: " + e.getClass().getSimpleName(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Undelivered("interrupted", false);
        }
    }

    /** An attempt that did not deliver; its message never holds the address. */
    private static final class Undelivered extends RuntimeException {

        private static final long serialVersionUID = 1L;
        final boolean retriable;

        Undelivered(String message, boolean retriable) {
            super(message, null, false, false);
            this.retriable = retriable;
        }
    }
}
