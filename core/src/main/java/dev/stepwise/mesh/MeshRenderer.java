package dev.stepwise.mesh;

import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.traffic.TrafficSplit;
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@link TrafficSplit} into one mesh's resources for one {@link RouteTarget}, and back.
 * Pure: no I/O, no clock; the same inputs always render equal manifests. A
 * {@link MeshTrafficRouter} pairs a renderer with a {@link ManifestSink} (the API server or Git).
 *
 * <p><b>Contract</b> (checked for every adapter by the testkit's
 * {@code MeshRendererCompatibilityKit}):
 * <ul>
 *   <li>{@code parse(render(s, existing)) == s} for every split the {@link #capabilities()} allow;</li>
 *   <li>render is idempotent: rendering the same split over its own output gives equal manifests;</li>
 *   <li>only the managed route ({@link RouteTarget#routeName()}) and the fields Stepwise owns change:
 *       a user's other routes, labels, annotations and fields of a shared resource are kept, and so is
 *       {@code metadata.resourceVersion}, so the write is a compare-and-set;</li>
 *   <li>every rendered resource is valid against the mesh's CRD schema for its {@code apiVersion}.</li>
 * </ul>
 * A split that needs a capability the mesh lacks (a header match on a weights-only mesh, a weight
 * off its granularity) is an {@link dev.stepwise.validation.InvalidValueException} naming it.
 */
public interface MeshRenderer {

    /** The service this renderer routes. */
    RouteTarget target();

    /** Every resource this renderer reads and writes, in the order they are written. */
    List<ResourceRef> resources();

    /**
     * The resources routing {@code split}, one per {@link #resources()} entry, in that order.
     *
     * @param existing the current versions of those of {@link #resources()} that exist (any order);
     *                 empty when none does. Their foreign content is carried over.
     */
    List<Manifest> render(TrafficSplit split, List<Manifest> existing);

    /**
     * The split the managed route holds in {@code resources}; empty when the managed route or a
     * resource it needs is missing (so the route is not set up yet).
     *
     * @throws dev.stepwise.validation.InvalidValueException when the managed route exists but cannot be
     *         read as a split (someone edited it by hand into a shape Stepwise does not write)
     */
    Optional<TrafficSplit> parse(List<Manifest> resources);

    /** What this mesh can route. */
    RouterCapabilities capabilities();
}
