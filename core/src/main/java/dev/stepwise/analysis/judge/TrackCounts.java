package dev.stepwise.analysis.judge;

import dev.stepwise.validation.InvalidValueException;

/**
 * What one track served over one look: requests, and how many of them were bad (failed, or
 * slower than a latency threshold). Counts, not rates: a judge weighs a look by how much traffic
 * it saw, so looks at different traffic splits combine correctly.
 *
 * @param requests requests served, at least 0
 * @param bad      bad requests among them, 0..{@code requests}
 */
public record TrackCounts(long requests, long bad) {

    /** No traffic. */
    public static final TrackCounts NONE = new TrackCounts(0, 0);

    public TrackCounts {
        if (requests < 0) {
            throw new InvalidValueException("requests", requests, "must be at least 0");
        }
        if (bad < 0 || bad > requests) {
            throw new InvalidValueException("bad", bad, "must be between 0 and requests (" + requests + ")");
        }
    }

    /** These counts and {@code other}'s together. */
    public TrackCounts plus(TrackCounts other) {
        return new TrackCounts(Math.addExact(requests, other.requests), Math.addExact(bad, other.bad));
    }

    /** Bad requests per request; {@code NaN} without requests. */
    public double rate() {
        return requests == 0 ? Double.NaN : (double) bad / requests;
    }

    @Override
    public String toString() {
        return bad + "/" + requests + " bad";
    }
}
