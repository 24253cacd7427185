package dev.stepwise.http.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP exchange bounded in time and size: connecting, the headers and the whole body must
 * arrive within the deadline, measured from the call, and the body must not be longer than the
 * limit. Past either the exchange is cancelled (its connection closed) and an exception thrown;
 * the {@link HttpClient} stays usable. The JDK's {@link HttpRequest#timeout()} covers the headers
 * only, so a server sending a byte a second would otherwise hold the caller forever, and
 * {@code BodyHandlers.ofString()} would read a body of any length into memory. Not API.
 *
 * @param deadline     the longest the whole exchange may take; positive
 * @param maxBodyBytes the longest body accepted, in bytes; positive, at most {@link Integer#MAX_VALUE} - 8
 */
public record BoundedExchange(Duration deadline, long maxBodyBytes) {

    /** A status code and a body decoded as UTF-8. */
    public record Reply(int status, String body) {
    }

    public BoundedExchange {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive, got " + deadline);
        }
        if (maxBodyBytes <= 0 || maxBodyBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBodyBytes must be from 1 to " + (Integer.MAX_VALUE - 8) + ", got " + maxBodyBytes);
        }
    }

    /**
     * Sends {@code request} with {@code client} and reads the reply within the bounds.
     *
     * @throws HttpTimeoutException   when the exchange, body included, takes longer than the deadline
     *                                (or the request's own timeout passes first)
     * @throws BodyTooLargeException  when the body is longer than the limit
     * @throws IOException            when the server cannot be reached or the exchange fails
     * @throws InterruptedException   when the calling thread is interrupted; the exchange is cancelled
     */
    public Reply send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        AtomicReference<CappedBodySubscriber> body = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, info -> {
            CappedBodySubscriber subscriber = new CappedBodySubscriber(maxBodyBytes);
            body.set(subscriber);
            return subscriber;
        });
        try {
            HttpResponse<byte[]> response = exchange.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
            return new Reply(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            cancel(exchange, body);
            throw new HttpTimeoutException("the exchange took longer than " + deadline.toMillis() + "ms, body included");
        } catch (InterruptedException e) {
            cancel(exchange, body);
            throw e;
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    private static void cancel(CompletableFuture<?> exchange, AtomicReference<CappedBodySubscriber> body) {
        CappedBodySubscriber subscriber = body.get();
        if (subscriber != null) {
            subscriber.cancel();
        }
        exchange.cancel(true);
    }

    private static IOException rethrown(@Nullable Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException("the exchange failed", cause);
    }
}
