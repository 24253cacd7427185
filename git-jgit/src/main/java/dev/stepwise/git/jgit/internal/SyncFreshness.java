package dev.stepwise.git.jgit.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a sync may reuse the remote branch's head instead of fetching: while the instant it was
 * last confirmed (fetched, or our own push accepted on it) is younger than the reuse window. A
 * window of zero never reuses; a head never confirmed, or forgotten (a rejected push, a fetch
 * under way or failed), is never fresh. Immutable.
 */
public final class SyncFreshness {

    private final Duration window;

    public SyncFreshness(Duration window) {
        this.window = window;
    }

    /** Whether a head confirmed at {@code confirmedAt} is young enough at {@code now}; never for a clock that went back. */
    public boolean isFresh(Optional<Instant> confirmedAt, Instant now) {
        return confirmedAt.filter(at -> !now.isBefore(at) && now.isBefore(at.plus(window))).isPresent();
    }

    @Override
    public String toString() {
        return "SyncFreshness[reuse for " + window + "]";
    }
}
