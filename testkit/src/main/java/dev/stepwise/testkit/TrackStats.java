package dev.stepwise.testkit;

import dev.stepwise.analysis.judge.TrackCounts;
import dev.stepwise.validation.InvalidValueException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one track served during one window of a {@link SimulatedService}.
 *
 * @param requests   requests the track answered, mirrored copies included
 * @param mirrored   of those, copies mirrored from the stable track (their responses are discarded
 *                   by the mesh, but they count in the track's metrics)
 * @param errors     of those, answered with a 5xx
 * @param latenciesMs one latency sample per request, in milliseconds, sorted ascending; for a track
 *                    that served more than {@link #MAX_LATENCY_SAMPLES} requests, a random sample of
 *                    that many
 */
public record TrackStats(long requests, long mirrored, long errors, List<Double> latenciesMs) {

    /** The most latency samples kept for one track and window: 100,000 (800 KB as numbers). */
    public static final int MAX_LATENCY_SAMPLES = 100_000;

    private static final TrackStats NONE = new TrackStats(0, 0, 0, List.of());

    public TrackStats {
        if (requests < 0) {
            throw new InvalidValueException("requests", requests, "must be at least 0");
        }
        if (mirrored < 0 || mirrored > requests) {
            throw new InvalidValueException("mirrored", mirrored, "must be between 0 and requests " + requests);
        }
        if (errors < 0 || errors > requests) {
            throw new InvalidValueException("errors", errors, "must be between 0 and requests " + requests);
        }
        List<Double> sorted = new ArrayList<>(InvalidValueException.requireNonNull("latenciesMs", latenciesMs));
        long expected = Math.min(requests, MAX_LATENCY_SAMPLES);
        if (sorted.size() != expected) {
            throw new InvalidValueException("latenciesMs", sorted.size() + " samples", "must hold one sample per request ("
                    + requests + "), at most " + MAX_LATENCY_SAMPLES);
        }
        Collections.sort(sorted);
        latenciesMs = List.copyOf(sorted);
    }

    /** A track that served nothing. */
    public static TrackStats none() {
        return NONE;
    }

    /** Requests and errors (5xx) as counts, the form a sequential judge reads. */
    public TrackCounts errorCounts() {
        return new TrackCounts(requests, errors);
    }

    /**
     * Requests and slow requests (latency above {@code thresholdMs}) as counts, the form a
     * sequential judge reads for a latency check. For a track with more requests than
     * {@link #MAX_LATENCY_SAMPLES} the slow count is the sample's share scaled to the requests.
     *
     * @param thresholdMs positive, in milliseconds
     */
    public TrackCounts slowCounts(double thresholdMs) {
        if (!(thresholdMs > 0.0) || !Double.isFinite(thresholdMs)) {
            throw new InvalidValueException("thresholdMs", thresholdMs, "must be a positive number of milliseconds");
        }
        if (latenciesMs.isEmpty()) {
            return new TrackCounts(requests, 0);
        }
        long slowInSample = latenciesMs.size() - countAtMost(thresholdMs);
        long slow = latenciesMs.size() == requests ? slowInSample
                : Math.round((double) slowInSample * requests / latenciesMs.size());
        return new TrackCounts(requests, slow);
    }

    /** Samples at most {@code thresholdMs}: the sorted samples' insertion point. */
    private int countAtMost(double thresholdMs) {
        int low = 0;
        int high = latenciesMs.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (latenciesMs.get(mid) <= thresholdMs) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Percent of requests answered without a 5xx; {@code NaN} when there were none. */
    public double successRatePercent() {
        return requests == 0 ? Double.NaN : 100.0 * (requests - errors) / requests;
    }

    /**
     * The latency at {@code percentile} (nearest rank), in milliseconds; {@code NaN} when there
     * were no requests.
     *
     * @param percentile in (0, 100], e.g. 99
     */
    public double latencyPercentileMs(double percentile) {
        if (!(percentile > 0.0 && percentile <= 100.0)) {
            throw new InvalidValueException("percentile", percentile, "must be greater than 0 and at most 100");
        }
        if (latenciesMs.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * latenciesMs.size());
        return latenciesMs.get(Math.max(rank, 1) - 1);
    }

    /** The 99th-percentile latency in milliseconds; {@code NaN} when there were no requests. */
    public double p99Ms() {
        return latencyPercentileMs(99.0);
    }

    /** Samples are left out: there is one per request. */
    @Override
    public String toString() {
        return "TrackStats[" + requests + " requests (" + mirrored + " mirrored), " + errors + " 5xx, p99 "
                + p99Ms() + " ms]";
    }
}
