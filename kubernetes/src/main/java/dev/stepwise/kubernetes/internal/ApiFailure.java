package dev.stepwise.kubernetes.internal;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/** What a failed call to the API server means for the caller: its status and whether to try again. */
public final class ApiFailure {

    /** Statuses worth another attempt: throttled, or the server (or a proxy before it) failing for now. */
    public static final Set<Integer> TRANSIENT_STATUSES = Set.of(429, 500, 502, 503, 504);

    private ApiFailure() {
    }

    /** The HTTP status of {@code e}, or 0 when no response arrived. */
    public static int status(KubernetesClientException e) {
        return Math.max(e.getCode(), 0);
    }

    /** Whether {@code e} is throttling, a transient server error, or an I/O error (a timeout) with no response. */
    public static boolean isTransient(KubernetesClientException e) {
        int status = status(e);
        return status == 0 ? isIoFailure(e) : TRANSIENT_STATUSES.contains(status);
    }

    private static boolean isIoFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
