package dev.stepwise.tck;

import dev.stepwise.engine.InMemoryStateStore;
import dev.stepwise.spi.StateStore;

/** Core's in-memory store keeps the state store contract (tested here: core cannot depend on the testkit). */
class InMemoryStateStoreCompatibilityTest extends StateStoreCompatibilityKit {

    @Override
    protected StateStore createStore() {
        return new InMemoryStateStore();
    }
}
