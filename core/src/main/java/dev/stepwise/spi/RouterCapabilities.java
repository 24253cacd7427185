package dev.stepwise.spi;

import dev.stepwise.traffic.TrafficNeeds;
import dev.stepwise.validation.InvalidValueException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What a traffic router (a mesh) can do. A strategy needing a capability the router lacks is
 * rejected when a rollout is registered, with the reason (see {@link #check}).
 *
 * @param weights           routes by percent weights; without it, only 0 and 100 (all traffic on one track)
 * @param headerMatch       routes requests by header (and cookie) matches, for A/B tests
 * @param mirror            copies traffic to the canary
 * @param weightGranularity the smallest weight step the mesh honours, in percent (1 = any whole
 *                          percent): every track's weight must be a multiple of it
 */
public record RouterCapabilities(boolean weights, boolean headerMatch, boolean mirror, int weightGranularity) {

    /** Offending weights named in a reason besides the first; the rest are counted. */
    private static final int LISTED = 5;

    public RouterCapabilities {
        InvalidValueException.requireBetween("weightGranularity", weightGranularity, 1, 100);
    }

    /** Weights at any whole percent, header matches and mirroring: what an in-memory router offers. */
    public static RouterCapabilities all() {
        return new RouterCapabilities(true, true, true, 1);
    }

    /**
     * Why a router with these capabilities cannot serve {@code needs}: one reason per capability
     * lacking, each naming the capability and what in the strategy needs it, e.g. {@code router
     * routes weights in steps of 5%, but the canary strategy writes 12% (stepWeights[0])}. Empty
     * when the router can serve every split the strategy may write. Pure.
     */
    public List<String> check(TrafficNeeds needs) {
        InvalidValueException.requireNonNull("needs", needs);
        List<String> reasons = new ArrayList<>();
        List<TrafficNeeds.Weight> percent = offending(needs, w -> !weights && w.percent() % 100 != 0);
        if (!percent.isEmpty()) {
            reasons.add("router cannot route by percent weights, but " + needs.strategy() + " writes " + list(percent));
        }
        List<TrafficNeeds.Weight> offStep = offending(needs, w -> !percent.contains(w) && w.percent() % weightGranularity != 0);
        if (!offStep.isEmpty()) {
            reasons.add("router routes weights in steps of " + weightGranularity + "%, but " + needs.strategy()
                    + " writes " + list(offStep));
        }
        if (!headerMatch && needs.headerMatch().isPresent()) {
            reasons.add("router cannot match requests by header or cookie, but " + needs.strategy() + " "
                    + needs.headerMatch().get());
        }
        if (!mirror && needs.mirror().isPresent()) {
            reasons.add("router cannot mirror traffic, but " + needs.strategy() + " " + needs.mirror().get());
        }
        return List.copyOf(reasons);
    }

    private static List<TrafficNeeds.Weight> offending(TrafficNeeds needs, Predicate<TrafficNeeds.Weight> test) {
        return needs.weights().stream().filter(test).toList();
    }

    /** The first weight with its source (it says which field to change), then the others' percents, ascending. */
    private static String list(List<TrafficNeeds.Weight> weights) {
        String first = weights.get(0).toString();
        if (weights.size() == 1) {
            return first;
        }
        List<TrafficNeeds.Weight> rest = weights.subList(1, weights.size());
        String others = rest.stream().map(TrafficNeeds.Weight::percent).sorted().limit(LISTED).map(p -> p + "%")
                .collect(Collectors.joining(", "));
        String more = rest.size() > LISTED ? " and " + (rest.size() - LISTED) + " more" : "";
        return first + "; also " + others + more;
    }
}
