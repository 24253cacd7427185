package dev.stepwise.testkit.mesh;

import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.testkit.InMemoryManifestSink;
import dev.stepwise.testkit.TrafficRouterCompatibilityKit;

/** A renderer and a sink together keep the router contract. */
class MeshTrafficRouterCompatibilityTest extends TrafficRouterCompatibilityKit {

    @Override
    protected TrafficRouter createRouter() {
        return MeshTrafficRouter.of(new KeyValueRenderer(RouteTarget.of("test", "podinfo")), new InMemoryManifestSink());
    }
}
