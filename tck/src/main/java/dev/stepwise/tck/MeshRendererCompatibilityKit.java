package dev.stepwise.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.rollout.Decision;
import dev.stepwise.spi.StepNote;
import dev.stepwise.tck.crd.CrdSchemaValidator;
import dev.stepwise.tck.crd.CrdSource;
import dev.stepwise.testkit.InMemoryManifestSink;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link MeshRenderer} contract as tests. A mesh adapter proves it keeps the contract with one
 * small class in its own tests:
 *
 * <pre>{@code
 * class IstioMeshRendererCompatibilityTest extends MeshRendererCompatibilityKit {
 *     protected MeshRenderer createRenderer(RouteTarget target) { return IstioMeshRenderer.builder(target).build(); }
 *     protected List<String> crdFiles() { return List.of("istio/virtualservices.networking.istio.io.yaml", ...); }
 *     // optional: protected CrdSource crdSource() { return CrdSource.classpath("crds"); }
 *     protected Manifest stripManaged(Manifest manifest) { ... remove our routes and subsets ... }
 *     protected List<Manifest> userResources(RouteTarget target) { ... a VirtualService with foreign routes ... }
 * }
 * }</pre>
 *
 * <p>What it checks: {@code parse(render(s)) == s} for every canary weight the mesh can route, with
 * a baseline, with header and cookie matches of every operator and with mirroring; rendering is
 * idempotent and does not depend on the path taken (rendering A then B equals rendering B); a
 * user's labels, annotations, {@code resourceVersion} and, in shared resources, everything
 * {@link #stripManaged} leaves are untouched; every rendered resource is valid against the real CRD
 * schema of its {@code apiVersion} ({@link CrdSchemaValidator}, strict about undeclared fields);
 * a split needing a capability the mesh lacks is refused with an {@link InvalidValueException}.
 * Cases for a capability the renderer lacks are skipped with the reason.
 */
@DisplayName("MeshRenderer compatibility")
public abstract class MeshRendererCompatibilityKit {

    /** The renderer under test, fresh for every test, for {@link #target()}. */
    protected MeshRenderer renderer;

    private CrdSchemaValidator validator;

    /** A renderer for {@code target}. */
    protected abstract MeshRenderer createRenderer(RouteTarget target);

    /** The CRDs of every kind the renderer writes, as paths under the root of {@link #crdSource()} ({@code istio/...yaml}). */
    protected abstract List<String> crdFiles();

    /**
     * Where {@link #crdFiles()} are read from: by default {@link CrdSource#lookup()} (the folder named by
     * {@code STEPWISE_CRDS}, else {@code shared/crds} above the working directory, else the folder
     * {@code scripts/setup --tests} downloads to). Override it to check against CRDs of your own, e.g.
     * {@code CrdSource.classpath("crds")} or {@code CrdSource.folder(Path.of("deploy/crds"))}.
     */
    protected CrdSource crdSource() {
        return CrdSource.lookup();
    }

    /** {@code manifest} without anything Stepwise manages in it (its routes, subsets, weights): what must never change. */
    protected abstract Manifest stripManaged(Manifest manifest);

    /**
     * Resources a user already has before Stepwise routes anything (a VirtualService with routes
     * of their own, say), valid against the CRDs; default none, for renderers that own their
     * resources whole (the kit still checks that labels and annotations added later survive).
     */
    protected List<Manifest> userResources(RouteTarget target) {
        return List.of();
    }

    /** The target routed in every test; default {@code test/podinfo} on port 9898, other options at their defaults. */
    protected RouteTarget target() {
        return RouteTarget.builder("test", "podinfo").port(9898).build();
    }

    /** Whether the mesh routes a baseline track; default true. */
    protected boolean routesBaseline() {
        return true;
    }

    @BeforeEach
    void createRendererUnderTest() {
        renderer = createRenderer(target());
        validator = CrdSchemaValidator.forCrds(crdSource(), crdFiles());
    }

    private int granularity() {
        return renderer.capabilities().weightGranularity();
    }

    /** Splits covering every capability the renderer has: the kit's sample of the split space. */
    protected List<TrafficSplit> sampleSplits() {
        return MeshRendererSamples.splits(renderer.capabilities(), routesBaseline());
    }

    private int roundDown(int percent) {
        return MeshRendererSamples.roundDown(percent, granularity());
    }

    private List<Manifest> renderFresh(TrafficSplit split) {
        return renderer.render(split, List.of());
    }

    @Nested
    @DisplayName("round trip: parse(render(split)) == split")
    class RoundTrip {

        @ParameterizedTest(name = "canary {0}%")
        @MethodSource("dev.stepwise.tck.MeshRendererSamples#canaryWeights")
        @DisplayName("for every canary weight the mesh can route")
        void everyCanaryWeight(int weight) {
            assumeTrue(weight % granularity() == 0, "the mesh routes in steps of " + granularity() + "%");

            TrafficSplit split = TrafficSplit.canary(weight);

            assertThat(renderer.parse(renderFresh(split))).contains(split);
        }

        @ParameterizedTest(name = "canary and baseline {0}%")
        @MethodSource("dev.stepwise.tck.MeshRendererSamples#canaryWeights")
        @DisplayName("with a baseline next to the canary")
        void withBaseline(int weight) {
            assumeTrue(routesBaseline(), "the mesh does not route a baseline track");
            assumeTrue(weight <= 50 && weight % granularity() == 0 && (100 - 2 * weight) % granularity() == 0,
                    "canary and baseline weights fit the mesh's granularity");

            TrafficSplit split = TrafficSplit.canaryWithBaseline(weight);

            assertThat(renderer.parse(renderFresh(split))).contains(split);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.stepwise.tck.MeshRendererSamples#matchCases")
        @DisplayName("with A/B request matches, next to a weighted canary")
        void withMatches(List<RouteMatch> matches) {
            assumeTrue(renderer.capabilities().headerMatch(), "the mesh cannot route by header or cookie");

            for (TrafficSplit base : List.of(TrafficSplit.allStable(), TrafficSplit.canary(roundDown(10)))) {
                TrafficSplit split = base.withMatches(matches);
                assertThat(renderer.parse(renderFresh(split))).as("%s", split).contains(split);
            }
        }

        @Test
        @DisplayName("with a match sending requests to stable while the canary takes weight")
        void withMatchToStable() {
            assumeTrue(renderer.capabilities().headerMatch(), "the mesh cannot route by header or cookie");
            TrafficSplit split = TrafficSplit.canary(roundDown(50)).withMatches(List.of(new RouteMatch(
                    List.of(MatchCondition.header("x-stay", Operator.EXACT, "stable")), Track.STABLE)));

            assertThat(renderer.parse(renderFresh(split))).contains(split);
        }

        @ParameterizedTest(name = "mirror {0}%")
        @MethodSource("dev.stepwise.tck.MeshRendererSamples#canaryWeights")
        @DisplayName("with a share of stable traffic mirrored to the canary")
        void withMirror(int percent) {
            assumeTrue(renderer.capabilities().mirror(), "the mesh cannot mirror traffic");
            assumeTrue(percent > 0, "0% is no mirror (covered by the weight cases)");

            TrafficSplit split = TrafficSplit.allStable().withMirror(percent);

            assertThat(renderer.parse(renderFresh(split))).contains(split);
        }
    }

    @Nested
    @DisplayName("render")
    class Render {

        @Test
        @DisplayName("writes one resource per declared resource, in the declared order")
        void rendersDeclaredResources() {
            for (TrafficSplit split : sampleSplits()) {
                assertThat(renderFresh(split)).as("%s", split).extracting(Manifest::ref)
                        .containsExactlyElementsOf(renderer.resources());
            }
        }

        @Test
        @DisplayName("is idempotent: rendering a split over its own output changes nothing")
        void isIdempotent() {
            for (TrafficSplit split : sampleSplits()) {
                List<Manifest> once = renderFresh(split);
                assertThat(renderer.render(split, once)).as("%s", split).isEqualTo(once);
            }
        }

        @Test
        @DisplayName("does not depend on the path: rendering A then B equals rendering B")
        void isPathIndependent() {
            List<TrafficSplit> splits = sampleSplits();
            for (TrafficSplit first : splits) {
                List<Manifest> before = renderFresh(first);
                for (TrafficSplit second : splits) {
                    assertThat(renderer.render(second, before)).as("%s then %s", first, second)
                            .isEqualTo(renderFresh(second));
                }
            }
        }

        @Test
        @DisplayName("finds no route before one is rendered")
        void parsesNothingBeforeRendering() {
            assertThat(renderer.parse(List.of())).isEmpty();
            assertThat(renderer.parse(userResources(target()))).isEmpty();
        }
    }

    @Nested
    @DisplayName("foreign content")
    class ForeignContent {

        @Test
        @DisplayName("a user's resources keep everything Stepwise does not manage, whatever the split")
        void userResourcesKeepForeignContent() {
            List<Manifest> user = userResources(target());
            assumeFalse(user.isEmpty(), "the renderer owns its resources whole (no user resources given)");

            List<Manifest> current = user;
            for (TrafficSplit split : sampleSplits()) {
                current = renderer.render(split, current);
                assertThat(renderer.parse(current)).as("%s", split).contains(split);
                for (Manifest original : user) {
                    Manifest rendered = byRef(current, original);
                    assertThat(stripManaged(rendered)).as("%s after %s", original.ref(), split)
                            .isEqualTo(stripManaged(original));
                }
            }
        }

        @Test
        @DisplayName("labels, annotations and the resourceVersion added after rendering survive the next render")
        void addedMetadataSurvives() {
            List<Manifest> annotated = renderFresh(TrafficSplit.canary(roundDown(10))).stream()
                    .map(MeshRendererCompatibilityKit::annotate).toList();

            for (TrafficSplit split : sampleSplits()) {
                for (Manifest rendered : renderer.render(split, annotated)) {
                    ObjectNode metadata = (ObjectNode) rendered.json().path("metadata");
                    assertThat(metadata.path("labels").path("team").asText()).as("%s label", rendered).isEqualTo("payments");
                    assertThat(metadata.path("annotations").path("example.com/owner").asText()).as("%s annotation", rendered)
                            .isEqualTo("alice");
                    assertThat(rendered.resourceVersion()).as("%s resourceVersion", rendered).isEqualTo("4711");
                }
            }
        }

        private static Manifest byRef(List<Manifest> manifests, Manifest wanted) {
            return manifests.stream().filter(m -> m.ref().equals(wanted.ref())).findFirst()
                    .orElseThrow(() -> new AssertionError("the renderer dropped the user's " + wanted.ref()));
        }
    }

    @Nested
    @DisplayName("CRD schema")
    class Schema {

        @Test
        @DisplayName("every rendered resource is valid against the real CRD of its apiVersion")
        void renderedResourcesAreValid() {
            for (TrafficSplit split : sampleSplits()) {
                for (Manifest manifest : renderFresh(split)) {
                    assertThat(validator.problems(manifest)).as("%s for %s:%n%s", manifest.ref(), split, manifest.toYaml())
                            .isEmpty();
                }
            }
        }

        @Test
        @DisplayName("what a MeshTrafficRouter writes for a rollout's steps, its fence annotation included, is valid too")
        void writtenByTheRouterIsValid() {
            InMemoryManifestSink sink = new InMemoryManifestSink();
            MeshTrafficRouter router = MeshTrafficRouter.of(renderer, sink);
            long version = 1;
            for (TrafficSplit split : sampleSplits()) {
                router.apply(split, new StepNote("tck/podinfo", 1, ++version, Decision.ADVANCE, "", List.of(),
                        Instant.EPOCH, false));
            }
            assertThat(sink.written()).isNotEmpty();
            for (Manifest manifest : sink.written()) {
                assertThat(manifest.at("/metadata/annotations").path(MeshTrafficRouter.FENCE_ANNOTATION).asText())
                        .as("the fence on %s", manifest.ref()).startsWith("tck/podinfo=");
                assertThat(validator.problems(manifest)).as("%s:%n%s", manifest.ref(), manifest.toYaml()).isEmpty();
            }
        }

        @Test
        @DisplayName("resources rendered over a user's resources are valid too")
        void renderedOverUserResourcesAreValid() {
            List<Manifest> user = userResources(target());
            assumeFalse(user.isEmpty(), "the renderer owns its resources whole (no user resources given)");
            for (Manifest manifest : user) {
                assertThat(validator.problems(manifest)).as("the kit's user resource %s", manifest.ref()).isEmpty();
            }
            for (TrafficSplit split : sampleSplits()) {
                for (Manifest manifest : renderer.render(split, user)) {
                    assertThat(validator.problems(manifest)).as("%s for %s:%n%s", manifest.ref(), split, manifest.toYaml())
                            .isEmpty();
                }
            }
        }
    }

    @Nested
    @DisplayName("capabilities")
    class Capabilities {

        @Test
        @DisplayName("a split with request matches is refused by a mesh that cannot match")
        void matchesRefusedWithoutHeaderMatch() {
            assumeFalse(renderer.capabilities().headerMatch(), "the mesh routes by header");
            TrafficSplit split = TrafficSplit.allStable().withMatches(MeshRendererSamples.matchCases().findFirst().orElseThrow());

            assertThatThrownBy(() -> renderFresh(split)).isInstanceOf(InvalidValueException.class);
        }

        @Test
        @DisplayName("a mirrored split is refused by a mesh that cannot mirror")
        void mirrorRefusedWithoutMirror() {
            assumeFalse(renderer.capabilities().mirror(), "the mesh mirrors");

            assertThatThrownBy(() -> renderFresh(TrafficSplit.allStable().withMirror(100)))
                    .isInstanceOf(InvalidValueException.class);
        }

        @Test
        @DisplayName("a weight off the mesh's granularity is refused")
        void weightOffGranularityRefused() {
            assumeTrue(granularity() > 1, "the mesh routes any whole percent");

            assertThatThrownBy(() -> renderFresh(TrafficSplit.canary(granularity() + 1)))
                    .isInstanceOf(InvalidValueException.class);
        }

        @Test
        @DisplayName("the mesh routes by weight")
        void routesWeights() {
            assertThat(renderer.capabilities().weights()).isTrue();
        }
    }

    private static Manifest annotate(Manifest manifest) {
        ObjectNode json = manifest.json();
        ObjectNode metadata = json.withObjectProperty("metadata");
        metadata.withObjectProperty("labels").put("team", "payments");
        metadata.withObjectProperty("annotations").put("example.com/owner", "alice");
        metadata.put("resourceVersion", "4711");
        return Manifest.of(json);
    }
}
