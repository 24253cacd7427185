package dev.stepwise.strategy;

import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a step list stands after some of its steps: the canary's weight, its named header
 * routes, its mirror, and its scale. Derived by replaying the steps, so that a rollout's state
 * needs only the index of the step in force. Pure and immutable.
 *
 * @param weight             percent of unmatched requests to the canary
 * @param headerRoutes       named header routes, in the order they were set
 * @param mirrorName         the mirror route's name, empty when none
 * @param mirrorPercent      percent of stable traffic mirrored, 0 when none
 * @param scalePercent       the canary's scale when it does not match the traffic weight
 * @param matchTrafficWeight whether the canary's scale follows its traffic weight
 */
record StepPosition(int weight, Map<String, RouteMatch> headerRoutes, String mirrorName, int mirrorPercent,
                    int scalePercent, boolean matchTrafficWeight) {

    /** Before the first step: no traffic, no route, no mirror, the canary at 100% of the replicas. */
    static final StepPosition START = new StepPosition(0, Map.of(), "", 0, 100, false);

    StepPosition {
        headerRoutes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headerRoutes));
    }

    /** The positions after each step: element 0 before any, element {@code i + 1} after step {@code i}. */
    static List<StepPosition> replay(List<CanaryStep> steps) {
        List<StepPosition> positions = new java.util.ArrayList<>();
        StepPosition at = START;
        positions.add(at);
        for (CanaryStep step : steps) {
            at = at.after(step);
            positions.add(at);
        }
        return List.copyOf(positions);
    }

    /** The position after {@code step}; a removal of a name not in force changes nothing (the builder refuses it). */
    StepPosition after(CanaryStep step) {
        if (step instanceof CanaryStep.SetWeight set) {
            return new StepPosition(set.weight(), headerRoutes, mirrorName, mirrorPercent, scalePercent, matchTrafficWeight);
        }
        if (step instanceof CanaryStep.SetHeaderRoute route) {
            Map<String, RouteMatch> routes = new LinkedHashMap<>(headerRoutes);
            if (route.removes()) {
                routes.remove(route.name());
            } else {
                routes.put(route.name(), new RouteMatch(route.match(), Track.CANARY));
            }
            return new StepPosition(weight, routes, mirrorName, mirrorPercent, scalePercent, matchTrafficWeight);
        }
        if (step instanceof CanaryStep.SetMirrorRoute mirror) {
            Optional<Integer> percent = mirror.percentage();
            return percent.isPresent()
                    ? new StepPosition(weight, headerRoutes, mirror.name(), percent.get(), scalePercent, matchTrafficWeight)
                    : new StepPosition(weight, headerRoutes, "", 0, scalePercent, matchTrafficWeight);
        }
        if (step instanceof CanaryStep.SetCanaryScale scale) {
            return new StepPosition(weight, headerRoutes, mirrorName, mirrorPercent, scale.weight().orElse(scalePercent),
                    scale.weight().isEmpty());
        }
        return this;
    }

    /** The split this position routes by. */
    TrafficSplit split() {
        return TrafficSplit.canary(weight).withMatches(List.copyOf(headerRoutes.values())).withMirror(mirrorPercent);
    }

    /** The canary's scale in percent of the target's replicas: at least one pod when it follows the weight. */
    int canaryScale() {
        return matchTrafficWeight ? Math.max(1, weight) : scalePercent;
    }

    /** Whether the canary receives requests, a copy of them, or matched ones. */
    boolean canaryServes() {
        return weight > 0 || mirrorPercent > 0 || !headerRoutes.isEmpty();
    }
}
