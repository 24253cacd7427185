package dev.stepwise.spi;

import dev.stepwise.validation.InvalidValueException;

/**
 * What a traffic router (a mesh) can do. A strategy needing a capability the router lacks is
 * rejected when a rollout is registered, with the reason.
 *
 * @param weights           routes by percent weights
 * @param headerMatch       routes requests by header (and cookie) matches, for A/B tests
 * @param mirror            copies traffic to the canary
 * @param weightGranularity the smallest weight step the mesh honours, in percent (1 = any whole percent)
 */
public record RouterCapabilities(boolean weights, boolean headerMatch, boolean mirror, int weightGranularity) {

    public RouterCapabilities {
        InvalidValueException.requireBetween("weightGranularity", weightGranularity, 1, 100);
    }

    /** Weights at any whole percent, header matches and mirroring: what an in-memory router offers. */
    public static RouterCapabilities all() {
        return new RouterCapabilities(true, true, true, 1);
    }
}
