package dev.stepwise.kubernetes;

import dev.stepwise.mesh.ResourceRef;

/**
 * A call to the Kubernetes API server failed for good: a status that retrying cannot fix (403,
 * 422...), or a transient one (429, 5xx, an I/O timeout) still there after every attempt. The
 * message names the resource, the operation, the status and the attempts; never a token or a
 * header.
 */
public final class KubernetesRequestException extends RuntimeException {

    private final transient ResourceRef ref;
    private final int status;
    private final int attempts;

    /**
     * @param ref       the resource
     * @param operation what was tried, e.g. {@code update}
     * @param status    the HTTP status, or 0 when no response arrived (I/O error or timeout)
     * @param attempts  how many times it was tried
     * @param cause     the client's exception (its message names the URL, never credentials)
     */
    public KubernetesRequestException(ResourceRef ref, String operation, int status, int attempts, Throwable cause) {
        super(operation + " of " + ref + " failed with " + (status > 0 ? "HTTP " + status : "an I/O error or timeout")
                + " after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                + (cause == null || cause.getMessage() == null ? "" : ": " + firstLine(cause.getMessage())), cause);
        this.ref = ref;
        this.status = status;
        this.attempts = attempts;
    }

    /** The resource the call was about. */
    public ResourceRef ref() {
        return ref;
    }

    /** The last HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    /** How many times the call was made. */
    public int attempts() {
        return attempts;
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
