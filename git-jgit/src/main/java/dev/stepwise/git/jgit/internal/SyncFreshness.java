package dev.stepwise.git.jgit.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the remote branch's head was last confirmed (fetched, or our own push accepted on it), and
 * whether a sync may reuse it instead of fetching: while it is younger than the reuse window.
 * A window of zero never reuses. Not thread-safe: the backend's lock guards it.
 */
public final class SyncFreshness {

    private final Duration window;
    private Optional<Instant> confirmedAt = Optional.empty();

    public SyncFreshness(Duration window) {
        this.window = window;
    }

    /** Whether the head confirmed last is young enough at {@code now}; never for a clock that went back. */
    public boolean isFresh(Instant now) {
        return confirmedAt.filter(at -> !now.isBefore(at) && now.isBefore(at.plus(window))).isPresent();
    }

    /** The remote branch's head was seen at {@code now}. */
    public void confirmed(Instant now) {
        confirmedAt = Optional.of(now);
    }

    /** The head known may be behind (a rejected push, a fetch under way or failed): the next sync fetches. */
    public void forget() {
        confirmedAt = Optional.empty();
    }
}
