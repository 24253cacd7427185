package dev.stepwise.traffic;

import dev.stepwise.validation.InvalidValueException;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A request-matching route: requests satisfying <em>all</em> conditions go to {@code track}.
 * Two matches are equal when they hold the same conditions, in any order: a condition's place
 * changes nothing in which requests match, and a mesh's API server may hand them back in another
 * order (Istio's {@code headers} is a JSON object, whose keys come back sorted).
 * Several matches in a {@link TrafficSplit} are alternatives (a request matching any of them
 * is routed by it); requests matching none are split by weight.
 *
 * @param conditions at least one condition, all of which must hold
 * @param track      the track matching requests are sent to
 */
public record RouteMatch(List<MatchCondition> conditions, Track track) {

    public RouteMatch {
        InvalidValueException.requireNonNull("conditions", conditions);
        InvalidValueException.requireNonNull("track", track);
        if (conditions.isEmpty()) {
            throw new InvalidValueException("conditions", "[]", "must hold at least one header or cookie condition");
        }
        conditions = List.copyOf(conditions);
    }

    /** Matching requests go to the canary. */
    public static RouteMatch toCanary(MatchCondition... conditions) {
        return new RouteMatch(List.of(conditions), Track.CANARY);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof RouteMatch other && track == other.track
                && conditions.size() == other.conditions.size()
                && new HashSet<>(conditions).equals(new HashSet<>(other.conditions));
    }

    @Override
    public int hashCode() {
        return 31 * new HashSet<>(conditions).hashCode() + track.hashCode();
    }

    @Override
    public String toString() {
        return conditions.stream().map(MatchCondition::toString).collect(Collectors.joining(" and "))
                + " -> " + track;
    }
}
