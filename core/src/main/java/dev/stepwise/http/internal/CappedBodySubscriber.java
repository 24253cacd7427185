package dev.stepwise.http.internal;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * Collects a response body of at most {@code limit} bytes, one buffer list at a time; a longer
 * body cancels the subscription (which closes the connection) and fails with
 * {@link BodyTooLargeException}, having held at most {@code limit} bytes. Not API.
 */
final class CappedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

    private final long limit;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private volatile Flow.@Nullable Subscription subscription;
    private long received;

    CappedBodySubscriber(long limit) {
        this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (result.isDone()) {
            subscription.cancel();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            received += buffer.remaining();
            if (received > limit) {
                fail(new BodyTooLargeException(limit));
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
        Flow.Subscription current = subscription;
        if (current != null) {
            current.request(1);
        }
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toByteArray());
    }

    /** Stops reading: the caller gave up (deadline passed or interrupted). */
    void cancel() {
        fail(new CancellationException("the exchange was cancelled"));
    }

    private void fail(Throwable reason) {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
        result.completeExceptionally(reason);
        bytes.reset();
    }
}
