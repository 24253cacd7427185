package dev.stepwise.tck;

import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.testkit.InMemoryTrafficRouter;

/**
 * The kit against a router with fewer capabilities: weights in steps of 5% only, no header
 * matches, no mirroring, no baseline. The tests of those features are skipped with a reason.
 */
class LimitedInMemoryTrafficRouterCompatibilityTest extends TrafficRouterCompatibilityKit {

    @Override
    protected TrafficRouter createRouter() {
        return InMemoryTrafficRouter.builder().capabilities(new RouterCapabilities(true, false, false, 5)).build();
    }

    @Override
    protected boolean routesBaseline() {
        return false;
    }
}
