package dev.stepwise.traffic;

import dev.stepwise.validation.InvalidValueException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What a strategy needs from a traffic router, derived from its validated configuration: every
 * weight it may give any track, and whether it matches requests by header or cookie and mirrors
 * traffic. A router's {@code RouterCapabilities} is checked against it when a rollout is
 * registered, so that a strategy the mesh cannot serve is rejected before anything moves.
 *
 * <p>Every split a strategy can produce (healthy, failing, aborted, restarted, promoted by an
 * operator) is {@linkplain #covers covered} by its needs. Each need says what in the strategy's
 * configuration makes it, so that a rejection can name the field to change.
 *
 * @param strategy    names the strategy in reasons, e.g. {@code the canary strategy}
 * @param weights     every weight a track may receive, distinct, in the order the strategy first
 *                    writes them; always holds 0 and 100 (all traffic on one track)
 * @param headerMatch why the strategy routes requests by header or cookie match; empty when it does not
 * @param mirror      why the strategy mirrors traffic to the canary; empty when it does not
 */
public record TrafficNeeds(String strategy, List<Weight> weights, Optional<String> headerMatch, Optional<String> mirror) {

    /** Where the weights 0 and 100 come from for every strategy. */
    public static final String WHOLE_SWITCH = "all traffic on one track";

    public TrafficNeeds {
        requireText("strategy", strategy);
        weights = List.copyOf(InvalidValueException.requireNonNull("weights", weights));
        InvalidValueException.requireNonNull("headerMatch", headerMatch);
        InvalidValueException.requireNonNull("mirror", mirror);
        List<Integer> percents = weights.stream().map(Weight::percent).toList();
        if (percents.stream().distinct().count() != percents.size()) {
            throw new InvalidValueException("weights", percents.toString(), "must be distinct");
        }
        if (!percents.contains(0) || !percents.contains(100)) {
            throw new InvalidValueException("weights", percents.toString(), "must hold 0 and 100");
        }
    }

    /**
     * The needs of a strategy that only ever puts all traffic on one track: weights 0 and 100, no
     * header match, no mirror. What a strategy not declaring its needs is assumed to need.
     */
    public static TrafficNeeds wholeSwitches(String strategy) {
        return builder(strategy).build();
    }

    /** A builder holding weights 0 and 100 and nothing else. */
    public static Builder builder(String strategy) {
        return new Builder(strategy);
    }

    /** Whether any weight lies strictly between 0 and 100, so the router must split by percent. */
    public boolean percentWeights() {
        return weights.stream().anyMatch(w -> w.percent() % 100 != 0);
    }

    /** Whether {@code split} asks for nothing beyond these needs. */
    public boolean covers(TrafficSplit split) {
        for (Track track : Track.values()) {
            int percent = split.weight(track);
            if (weights.stream().noneMatch(w -> w.percent() == percent)) {
                return false;
            }
        }
        return (split.matches().isEmpty() || headerMatch.isPresent())
                && (split.mirrorPercent() == 0 || mirror.isPresent());
    }

    /**
     * One weight a strategy may give a track.
     *
     * @param percent 0..100
     * @param source  what in the configuration makes it, e.g. {@code stepWeights[0]}
     */
    public record Weight(int percent, String source) {

        public Weight {
            InvalidValueException.requireBetween("percent", percent, 0, 100);
            requireText("source", source);
        }

        @Override
        public String toString() {
            return percent + "% (" + source + ")";
        }
    }

    /**
     * Collects needs from the splits a strategy writes; the first source given for a weight,
     * mirror or match is the one kept. Not thread-safe.
     */
    public static final class Builder {
        private final String strategy;
        private final Map<Integer, Weight> weights = new LinkedHashMap<>();
        private @Nullable String headerMatch;
        private @Nullable String mirror;

        private Builder(String strategy) {
            this.strategy = requireText("strategy", strategy);
            weight(0, WHOLE_SWITCH);
            weight(100, WHOLE_SWITCH);
        }

        /** Adds one weight a track may receive. */
        public Builder weight(int percent, String source) {
            weights.putIfAbsent(percent, new Weight(percent, source));
            return this;
        }

        /** Adds {@code split} written because of {@code source}, e.g. {@code stepWeights[2]}. */
        public Builder split(TrafficSplit split, String source) {
            return split(split, "", source);
        }

        /**
         * Adds {@code split}, written {@code when} (e.g. {@code before the first shift}) because
         * of {@code source}: every track's weight (stable's named as its share), and its mirror
         * and matches, if any.
         */
        public Builder split(TrafficSplit split, String when, String source) {
            InvalidValueException.requireNonNull("split", split);
            weight(split.canary(), source);
            weight(split.baseline(), source + ", baseline");
            weight(split.stable(), "stable's share at " + source);
            String suffix = (when.isEmpty() ? "" : " " + when) + " (" + source + ")";
            if (split.mirrorPercent() > 0 && mirror == null) {
                mirror = "mirrors " + split.mirrorPercent() + "% of stable traffic to the canary" + suffix;
            }
            if (!split.matches().isEmpty() && headerMatch == null) {
                headerMatch = "routes requests matching " + describe(split.matches()) + suffix;
            }
            return this;
        }

        public TrafficNeeds build() {
            return new TrafficNeeds(strategy, new ArrayList<>(weights.values()), Optional.ofNullable(headerMatch),
                    Optional.ofNullable(mirror));
        }

        private static String describe(List<RouteMatch> matches) {
            return matches.stream().map(m -> m.conditions().stream().map(MatchCondition::toString)
                    .collect(Collectors.joining(" and ")) + " to the " + m.track()).collect(Collectors.joining(" or "));
        }
    }

    private static String requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(field, String.valueOf(value), "must not be blank");
        }
        return value;
    }
}
