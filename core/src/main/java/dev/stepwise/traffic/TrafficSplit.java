package dev.stepwise.traffic;

import dev.stepwise.validation.InvalidValueException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How live traffic is divided between tracks at one moment. Immutable.
 *
 * <p>Weights are whole percents summing to 100. {@link #matches() Route matches} (A/B testing)
 * take precedence over weights: a request matching one goes to the match's track whatever the
 * weights. A {@link #mirrorPercent() mirror} copies that percent of the requests served by the
 * stable track to the canary; the canary's responses to mirrored requests are discarded.
 *
 * @param stable        percent of unmatched requests served by the stable track, 0..100
 * @param canary        percent served by the canary track, 0..100
 * @param baseline      percent served by the baseline track, 0..100 (0 when there is none)
 * @param matches       request-matching routes, evaluated before weights; may be empty
 * @param mirrorPercent percent of stable traffic mirrored to the canary, 0..100 (0 = no mirror)
 */
public record TrafficSplit(int stable, int canary, int baseline, List<RouteMatch> matches, int mirrorPercent) {

    private static final TrafficSplit ALL_STABLE = new TrafficSplit(100, 0, 0, List.of(), 0);

    public TrafficSplit {
        InvalidValueException.requireBetween("stableWeight", stable, 0, 100);
        InvalidValueException.requireBetween("canaryWeight", canary, 0, 100);
        InvalidValueException.requireBetween("baselineWeight", baseline, 0, 100);
        InvalidValueException.requireBetween("mirrorPercent", mirrorPercent, 0, 100);
        if (stable + canary + baseline != 100) {
            throw new InvalidValueException("weights", "stable " + stable + " + canary " + canary
                    + " + baseline " + baseline + " = " + (stable + canary + baseline), "must sum to 100");
        }
        matches = List.copyOf(InvalidValueException.requireNonNull("matches", matches));
    }

    /** Every request to the stable track: the split before and after every rollout. */
    public static TrafficSplit allStable() {
        return ALL_STABLE;
    }

    /** Every request to the canary track. */
    public static TrafficSplit allCanary() {
        return new TrafficSplit(0, 100, 0, List.of(), 0);
    }

    /** {@code canaryWeight} percent to the canary, the rest to stable. */
    public static TrafficSplit canary(int canaryWeight) {
        InvalidValueException.requireBetween("canaryWeight", canaryWeight, 0, 100);
        return new TrafficSplit(100 - canaryWeight, canaryWeight, 0, List.of(), 0);
    }

    /**
     * {@code canaryWeight} percent to the canary and the same to the baseline, the rest to
     * stable; {@code 2 * canaryWeight} may not exceed 100.
     */
    public static TrafficSplit canaryWithBaseline(int canaryWeight) {
        InvalidValueException.requireBetween("canaryWeight", canaryWeight, 0, 50);
        return new TrafficSplit(100 - 2 * canaryWeight, canaryWeight, canaryWeight, List.of(), 0);
    }

    /** The weight of one track. */
    public int weight(Track track) {
        return switch (track) {
            case STABLE -> stable;
            case CANARY -> canary;
            case BASELINE -> baseline;
        };
    }

    /** Weights per track, in track order, including zero weights. */
    public Map<Track, Integer> weights() {
        Map<Track, Integer> weights = new EnumMap<>(Track.class);
        for (Track track : Track.values()) {
            weights.put(track, weight(track));
        }
        return weights;
    }

    /** This split with the given request matches (replacing any present). */
    public TrafficSplit withMatches(List<RouteMatch> newMatches) {
        return new TrafficSplit(stable, canary, baseline, newMatches, mirrorPercent);
    }

    /** This split with {@code percent} of stable traffic mirrored to the canary. */
    public TrafficSplit withMirror(int percent) {
        return new TrafficSplit(stable, canary, baseline, matches, percent);
    }

    /** Whether all live traffic (weights and matches) goes to stable and nothing is mirrored. */
    public boolean isAllStable() {
        return stable == 100 && matches.isEmpty() && mirrorPercent == 0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("stable ").append(stable).append("% / canary ").append(canary).append('%');
        if (baseline > 0) {
            sb.append(" / baseline ").append(baseline).append('%');
        }
        if (mirrorPercent > 0) {
            sb.append(", mirror ").append(mirrorPercent).append('%');
        }
        if (!matches.isEmpty()) {
            sb.append(", matches ").append(matches);
        }
        return sb.toString();
    }
}
