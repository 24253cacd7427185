package dev.stepwise.tck;

import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.testkit.InMemoryTrafficRouter;

/** The in-memory router keeps the router contract, with a data plane that lags three looks behind. */
class InMemoryTrafficRouterCompatibilityTest extends TrafficRouterCompatibilityKit {

    @Override
    protected TrafficRouter createRouter() {
        return InMemoryTrafficRouter.builder().verificationLag(3).build();
    }
}
