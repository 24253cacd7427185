package dev.stepwise.http.internal;

import java.io.IOException;

/** A response body longer than the client's limit; the exchange was cancelled. Not API. */
public final class BodyTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long limit;

    /** For a body longer than {@code limit} bytes. */
    public BodyTooLargeException(long limit) {
        super("response body larger than the limit of " + ByteSizes.format(limit));
        this.limit = limit;
    }

    /** The limit in bytes. */
    public long limit() {
        return limit;
    }
}
