package dev.stepwise.tck.mesh;

import dev.stepwise.testkit.KeyValueRenderer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.ManifestSink;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.spi.Verification;
import dev.stepwise.testkit.InMemoryManifestSink;
import dev.stepwise.traffic.TrafficSplit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What one engine step costs a {@link MeshTrafficRouter}: the engine applies the step's split and
 * then verifies it. Counted here are the renderer's renders and parses and the sink's reads, for a
 * step after the first (the router has seen the route before).
 */
@DisplayName("MeshTrafficRouter: work per step")
class MeshTrafficRouterWorkPerStepTest {

    private final KeyValueRenderer plain = new KeyValueRenderer(RouteTarget.of("test", "podinfo"));
    private final CountingRenderer renderer = new CountingRenderer(plain);
    private final CountingSink sink = new CountingSink();
    private final MeshTrafficRouter router = MeshTrafficRouter.of(renderer, sink);

    @BeforeEach
    void firstStep() {
        router.reconcile();
        step(TrafficSplit.canary(10));
        renderer.reset();
        sink.reads = 0;
    }

    @Test
    @DisplayName("a step renders once, parses once and reads the sink twice")
    void oneStep() {
        assertThat(step(TrafficSplit.canary(20))).isEqualTo(Verification.VERIFIED);

        // one render: the new split over what is stored
        assertThat(renderer.renders).isEqualTo(1);
        // one parse: what verify reads back (new resourceVersions); the split before the write is
        // the one parsed at the last verify, whose resources are unchanged since
        assertThat(renderer.parses).isEqualTo(1);
        // two reads: what is stored before the write (its versions make the write a compare-and-set),
        // and verify's read-back; a sink decides what a read costs (see GitManifestSink)
        assertThat(sink.reads).isEqualTo(2);
    }

    @Test
    @DisplayName("verifying again while nothing changed reads the sink and parses nothing")
    void verifyAgain() {
        step(TrafficSplit.canary(20));
        renderer.reset();

        assertThat(router.verify(TrafficSplit.canary(20))).isEqualTo(Verification.VERIFIED);
        assertThat(router.verify(TrafficSplit.canary(30))).isEqualTo(Verification.PENDING);

        assertThat(renderer.parses).isZero();
        assertThat(renderer.renders).isZero();
    }

    @Test
    @DisplayName("a change by someone else between two steps is parsed anew")
    void changedBetweenSteps() {
        plain.render(TrafficSplit.canary(30), sink.memory.read(plain.resources())).forEach(sink.memory::put);
        renderer.reset();

        assertThat(router.verify(TrafficSplit.canary(10))).isEqualTo(Verification.PENDING);
        assertThat(router.current()).isEqualTo(TrafficSplit.canary(30));

        assertThat(renderer.parses).isEqualTo(1);
    }

    private Verification step(TrafficSplit split) {
        router.apply(split);
        return router.verify(split);
    }

    /** The in-memory sink, counting reads. */
    private static final class CountingSink implements ManifestSink {
        final InMemoryManifestSink memory = new InMemoryManifestSink();
        int reads;

        @Override
        public List<Manifest> read(List<ResourceRef> refs) {
            reads++;
            return memory.read(refs);
        }

        @Override
        public void write(List<Manifest> manifests) {
            memory.write(manifests);
        }
    }

    /** A renderer counting its renders and parses. */
    private static final class CountingRenderer implements MeshRenderer {
        private final MeshRenderer delegate;
        int renders;
        int parses;

        CountingRenderer(MeshRenderer delegate) {
            this.delegate = delegate;
        }

        void reset() {
            renders = 0;
            parses = 0;
        }

        @Override
        public RouteTarget target() {
            return delegate.target();
        }

        @Override
        public List<ResourceRef> resources() {
            return delegate.resources();
        }

        @Override
        public List<Manifest> render(TrafficSplit split, List<Manifest> existing) {
            renders++;
            return delegate.render(split, existing);
        }

        @Override
        public Optional<TrafficSplit> parse(List<Manifest> resources) {
            parses++;
            return delegate.parse(resources);
        }

        @Override
        public RouterCapabilities capabilities() {
            return delegate.capabilities();
        }
    }
}
