package dev.stepwise.tck.mesh;

import dev.stepwise.testkit.KeyValueRenderer;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.tck.TrafficRouterCompatibilityKit;
import dev.stepwise.testkit.InMemoryManifestSink;

/** A renderer and a sink together keep the router contract. */
class MeshTrafficRouterCompatibilityTest extends TrafficRouterCompatibilityKit {

    @Override
    protected TrafficRouter createRouter() {
        return MeshTrafficRouter.of(new KeyValueRenderer(RouteTarget.of("test", "podinfo")), new InMemoryManifestSink());
    }
}
