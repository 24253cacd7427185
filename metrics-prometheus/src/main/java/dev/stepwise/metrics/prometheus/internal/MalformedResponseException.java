package dev.stepwise.metrics.prometheus.internal;

/** A body that is not a Prometheus API answer. Not API. */
public final class MalformedResponseException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedResponseException(String message) {
        super(message);
    }
}
