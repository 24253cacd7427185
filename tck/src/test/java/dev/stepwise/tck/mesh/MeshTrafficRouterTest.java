package dev.stepwise.tck.mesh;

import dev.stepwise.testkit.KeyValueRenderer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.ManifestConflictException;
import dev.stepwise.mesh.ManifestSink;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.rollout.Decision;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.SupersededWriteException;
import dev.stepwise.spi.Verification;
import dev.stepwise.testkit.InMemoryManifestSink;
import dev.stepwise.traffic.TrafficSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MeshTrafficRouterTest {

    private final KeyValueRenderer renderer = new KeyValueRenderer(RouteTarget.of("test", "podinfo"));
    private final ResourceRef routes = renderer.resources().get(0);
    private final InMemoryManifestSink sink = new InMemoryManifestSink();
    private final MeshTrafficRouter router = MeshTrafficRouter.of(renderer, sink, 3);

    @Test
    void aChangeByAnotherWriterBetweenReadAndWriteIsKeptAndOursIsWrittenOverIt() {
        router.reconcile();
        sink.interfereBeforeNextWrite(routes, json -> {
            json.withObjectProperty("data").put("owner", "team-a");
            return json;
        });

        router.apply(TrafficSplit.canary(10));

        Manifest stored = sink.get(routes).orElseThrow();
        assertThat(stored.at("/data/owner").asText()).isEqualTo("team-a");
        assertThat(router.current()).isEqualTo(TrafficSplit.canary(10));
        assertThat(sink.written()).hasSize(2); // the reconcile, then the apply's second attempt
    }

    @Test
    void aWriterInterferingAtEveryAttemptIsNeverOverwrittenAndTheConflictReachesTheCallerAfterTheAttempts() {
        router.reconcile();
        InterferingSink interfering = new InterferingSink(sink, routes);
        MeshTrafficRouter contested = MeshTrafficRouter.of(renderer, interfering, 3);

        assertThatThrownBy(() -> contested.apply(TrafficSplit.canary(20))).isInstanceOf(ManifestConflictException.class)
                .hasMessageContaining("changed by another writer");
        assertThat(interfering.interferences).hasValue(3);
        assertThat(sink.get(routes).orElseThrow().at("/data/owner").asText()).isEqualTo("writer-3");
        assertThat(router.current()).isEqualTo(TrafficSplit.allStable());
    }

    @Test
    void applyingTheSameSplitTwiceWritesOnce() {
        router.reconcile();
        router.apply(TrafficSplit.canary(30));
        router.apply(TrafficSplit.canary(30));

        assertThat(sink.written()).hasSize(2);
    }

    @Test
    void reconcileKeepsTheWeightsOfAnExistingRoute() {
        router.apply(TrafficSplit.canary(40));

        router.reconcile();

        assertThat(router.current()).isEqualTo(TrafficSplit.canary(40));
    }

    @Test
    void verifyAnswersFromWhatIsStored() {
        router.apply(TrafficSplit.canary(50));

        assertThat(router.verify(TrafficSplit.canary(50))).isEqualTo(Verification.VERIFIED);
        assertThat(router.verify(TrafficSplit.canary(60))).isEqualTo(Verification.PENDING);
    }

    @Test
    void anUnreachableSinkIsAnExceptionAndNothingChanges() {
        router.apply(TrafficSplit.canary(10));
        sink.failNext(1, new UncheckedIOException(new IOException("connection refused")));

        assertThatThrownBy(() -> router.apply(TrafficSplit.canary(20))).hasMessageContaining("connection refused");
        assertThat(router.current()).isEqualTo(TrafficSplit.canary(10));
    }

    @Test
    @DisplayName("a step records its version in the fence annotation, next to other rollouts' entries")
    void aStepRecordsItsVersion() {
        router.reconcile();
        router.apply(TrafficSplit.canary(10), step("shop/other", 3));

        router.apply(TrafficSplit.canary(20), step("test/podinfo", 5));

        assertThat(fence()).isEqualTo("shop/other=3,test/podinfo=5");
        assertThat(router.current()).isEqualTo(TrafficSplit.canary(20));
        assertThat(router.verify(TrafficSplit.canary(20))).isEqualTo(Verification.VERIFIED);
    }

    @Test
    @DisplayName("a newer step written between our read and our write fails our compare-and-set, and the re-read refuses ours")
    void noWindowBetweenCheckAndWrite() {
        router.apply(TrafficSplit.canary(10), step("test/podinfo", 5));
        sink.interfereBeforeNextWrite(routes, json -> {
            json.withObjectProperty("metadata").withObjectProperty("annotations")
                    .put(MeshTrafficRouter.FENCE_ANNOTATION, "test/podinfo=9");
            json.withObjectProperty("data").put("stepwise", "stable=100,canary=0,baseline=0,mirror=0");
            return json;
        });

        assertThatThrownBy(() -> router.apply(TrafficSplit.canary(50), step("test/podinfo", 7)))
                .isInstanceOf(SupersededWriteException.class)
                .hasMessageContaining("the write of version 7 was superseded by a later write of this rollout, version 9");

        assertThat(router.current()).isEqualTo(TrafficSplit.allStable());
        assertThat(fence()).isEqualTo("test/podinfo=9");
    }

    @Test
    @DisplayName("re-applying a step writes nothing; a new step with the same split writes once, to move the fence")
    void writesOnlyWhatIsNeeded() {
        router.reconcile();
        router.apply(TrafficSplit.canary(30), step("test/podinfo", 4));
        router.apply(TrafficSplit.canary(30), step("test/podinfo", 4));
        assertThat(sink.written()).hasSize(2);

        router.apply(TrafficSplit.canary(30), step("test/podinfo", 6));
        router.apply(TrafficSplit.canary(30), step("test/podinfo", 6));

        assertThat(sink.written()).hasSize(3);
        assertThat(fence()).isEqualTo("test/podinfo=6");
    }

    @Test
    @DisplayName("changes outside a rollout write no fence, and leave a rollout's alone")
    void outsideARolloutNoFence() {
        router.reconcile();
        router.apply(TrafficSplit.canary(10));
        assertThat(sink.get(routes).orElseThrow().at("/metadata/annotations").isMissingNode()).isTrue();

        router.apply(TrafficSplit.canary(20), step("test/podinfo", 5));
        router.release();

        assertThat(fence()).isEqualTo("test/podinfo=5");
        assertThat(router.current()).isEqualTo(TrafficSplit.allStable());
    }

    private String fence() {
        return sink.get(routes).orElseThrow().at("/metadata/annotations/stepwise.dev~1fence").asText();
    }

    private static StepNote step(String rollout, long version) {
        return new StepNote(rollout, 1, version, Decision.ADVANCE, "", List.of(), Instant.EPOCH, false);
    }

    /** Makes another writer change the resource before every write. */
    private static final class InterferingSink implements ManifestSink {
        private final InMemoryManifestSink delegate;
        private final ResourceRef ref;
        private final AtomicInteger interferences = new AtomicInteger();

        InterferingSink(InMemoryManifestSink delegate, ResourceRef ref) {
            this.delegate = delegate;
            this.ref = ref;
        }

        @Override
        public List<Manifest> read(List<ResourceRef> refs) {
            return delegate.read(refs);
        }

        @Override
        public void write(List<Manifest> manifests) {
            int n = interferences.incrementAndGet();
            delegate.interfereBeforeNextWrite(ref, json -> {
                json.withObjectProperty("data").put("owner", "writer-" + n);
                return json;
            });
            delegate.write(manifests);
        }
    }
}
