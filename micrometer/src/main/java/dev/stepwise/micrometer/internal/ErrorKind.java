package dev.stepwise.micrometer.internal;

import java.util.Locale;

/**
 * The fixed set of values of the {@code kind} tag of {@code stepwise.spi.errors}: a failure's text
 * is classified by the simple class name it starts with ({@code "SimpleName: message"}, as the
 * engine writes it), never used as a tag itself, so the number of series stays bounded.
 */
public enum ErrorKind {
    /** The router wrote a split the data plane did not show before the deadline. */
    UNVERIFIED,
    /** Another writer changed the stored record first (compare-and-set lost). */
    STALE_STATE,
    /** A call timed out. */
    TIMEOUT,
    /** I/O: a connection refused or reset, a socket, a file. */
    IO,
    /** The Kubernetes API answered with an error. */
    KUBERNETES,
    /** An argument or state an SPI refused as invalid. */
    INVALID,
    /** A {@link java.lang.Error} (a bug, a stack overflow, a sick JVM). */
    JVM,
    /** Anything else. */
    OTHER,
    /** Someone outside Stepwise changed what the rollout owns (a {@code Conflicted} event). */
    CONFLICT,
    /** Reconciles kept failing past the deadline (a {@code Stuck} event). */
    STUCK;

    /** The tag value, e.g. {@code stale-state}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind of a failure whose text is {@code error}: {@code SimpleName: message} or {@code SimpleName}. */
    public static ErrorKind of(String error) {
        int colon = error.indexOf(':');
        String type = (colon < 0 ? error : error.substring(0, colon)).trim();
        if (type.equals("UnverifiedSplitException")) {
            return UNVERIFIED;
        }
        if (type.equals("StaleStateException")) {
            return STALE_STATE;
        }
        if (type.contains("Timeout") || type.contains("TimedOut")) {
            return TIMEOUT;
        }
        if (type.endsWith("IOException") || type.contains("Socket") || type.contains("Connect")
                || type.equals("FileNotFoundException") || type.startsWith("NoSuchFile")) {
            return IO;
        }
        if (type.startsWith("Kubernetes")) {
            return KUBERNETES;
        }
        if (type.startsWith("Illegal") || type.startsWith("Invalid")) {
            return INVALID;
        }
        if (type.endsWith("Error")) {
            return JVM;
        }
        return OTHER;
    }
}
