package dev.stepwise.mesh.kuma;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.mesh.kuma.internal.MeshHttpRouteFlavour;
import dev.stepwise.mesh.kuma.internal.RouteFlavour;
import dev.stepwise.mesh.kuma.internal.TrafficRouteFlavour;
import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problems;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Routes a {@link RouteTarget} with Kuma: one resource, whose shape depends on the {@link KumaApi}.
 * <ul>
 *   <li>{@link KumaApi#MESH_HTTP_ROUTE} (default): a {@code MeshHTTPRoute} named
 *       {@code <service>-<routeName>} in the target's namespace, labelled {@code kuma.io/mesh},
 *       applying to the whole mesh; its {@code to[]} entry for the service holds one rule per A/B
 *       match and a catch-all rule with the weights (and a {@code RequestMirror} filter).</li>
 *   <li>{@link KumaApi#MESH_HTTP_ROUTE_V3}: the same, with every service selected by its
 *       {@code kuma.io/display-name} and {@code k8s.kuma.io/namespace} labels.</li>
 *   <li>{@link KumaApi#TRAFFIC_ROUTE}: a cluster-scoped {@code TrafficRoute} named
 *       {@code <service>-<namespace>-<routeName>}, weights only.</li>
 * </ul>
 * Header names are written in lower case (Kuma requires it and compares them case-insensitively),
 * so a split with upper-case header names reads back in lower case. Cookie conditions are
 * regular expressions on the {@code cookie} header, in one recognisable form that reads back.
 * Everything a user or Kuma added that Stepwise does not manage is kept: labels, annotations,
 * {@code resourceVersion}, other services' {@code to[]} entries, unknown fields. Pure and immutable.
 */
public final class KumaMeshRenderer implements MeshRenderer {

    /** The mesh routes belong to, by default. */
    public static final String DEFAULT_MESH = "default";

    private static final Pattern MESH_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final RouteTarget target;
    private final KumaApi api;
    private final TrackAddressing addressing;
    private final String mesh;
    private final RouteFlavour flavour;

    private KumaMeshRenderer(Builder builder) {
        this.target = builder.target;
        this.api = Objects.requireNonNull(builder.api, "build() sets the default");
        this.addressing = Objects.requireNonNull(builder.addressing, "build() sets the default");
        this.mesh = Objects.requireNonNull(builder.mesh, "build() sets the default");
        this.flavour = switch (api) {
            case MESH_HTTP_ROUTE -> addressing == TrackAddressing.SUBSETS
                    ? MeshHttpRouteFlavour.subsets(target, mesh) : MeshHttpRouteFlavour.serviceNames(target, mesh);
            case MESH_HTTP_ROUTE_V3 -> MeshHttpRouteFlavour.serviceLabels(target, mesh);
            case TRAFFIC_ROUTE -> new TrafficRouteFlavour(target, mesh);
        };
    }

    /** A builder for {@code target}; see {@link Builder} for the defaults. */
    public static Builder builder(RouteTarget target) {
        return new Builder(target);
    }

    /** A renderer for {@code target} with every default: {@link KumaApi#MESH_HTTP_ROUTE}, subsets, mesh {@value #DEFAULT_MESH}. */
    public static KumaMeshRenderer of(RouteTarget target) {
        return builder(target).build();
    }

    @Override
    public RouteTarget target() {
        return target;
    }

    /** The API this renderer writes. */
    public KumaApi api() {
        return api;
    }

    /** How tracks are told apart. */
    public TrackAddressing trackAddressing() {
        return addressing;
    }

    /** The Kuma mesh the route belongs to. */
    public String mesh() {
        return mesh;
    }

    /** The one resource: the MeshHTTPRoute or TrafficRoute. */
    @Override
    public List<ResourceRef> resources() {
        return List.of(flavour.ref());
    }

    /**
     * @throws InvalidValueException when {@code split} needs a capability the API lacks (matches or a
     *         mirror on a TrafficRoute), naming it
     */
    @Override
    public List<Manifest> render(TrafficSplit split, List<Manifest> existing) {
        InvalidValueException.requireNonNull("split", split);
        InvalidValueException.requireNonNull("existing", existing);
        requireCapabilities(split);
        Optional<ObjectNode> current = find(existing).map(Manifest::json);
        return List.of(Manifest.of(flavour.render(split, current)));
    }

    @Override
    public Optional<TrafficSplit> parse(List<Manifest> resources) {
        InvalidValueException.requireNonNull("resources", resources);
        return find(resources).flatMap(manifest -> flavour.parse(manifest.json()));
    }

    /** Weights at any whole percent; header matches and mirroring except on a TrafficRoute. */
    @Override
    public RouterCapabilities capabilities() {
        return flavour.capabilities();
    }

    private Optional<Manifest> find(List<Manifest> manifests) {
        return manifests.stream().filter(m -> m.ref().equals(flavour.ref())).findFirst();
    }

    private void requireCapabilities(TrafficSplit split) {
        RouterCapabilities capabilities = flavour.capabilities();
        if (!split.matches().isEmpty() && !capabilities.headerMatch()) {
            throw new InvalidValueException("matches", split.matches(), "need the headerMatch capability, which "
                    + api.displayName() + " lacks; use " + KumaApi.MESH_HTTP_ROUTE + " for A/B matches");
        }
        if (split.mirrorPercent() > 0 && !capabilities.mirror()) {
            throw new InvalidValueException("mirrorPercent", split.mirrorPercent(), "needs the mirror capability, which "
                    + api.displayName() + " lacks; use " + KumaApi.MESH_HTTP_ROUTE + " to mirror");
        }
        for (Track track : Track.values()) {
            if (split.weight(track) % capabilities.weightGranularity() != 0) {
                throw new InvalidValueException(track.label() + "Weight", split.weight(track), "must be a multiple of "
                        + capabilities.weightGranularity() + " (the weightGranularity of " + api.displayName() + ")");
            }
        }
    }

    @Override
    public String toString() {
        return "KumaMeshRenderer[" + api + ", " + addressing + ", " + flavour + "]";
    }

    /**
     * Builds a {@link KumaMeshRenderer}. Defaults: API {@link KumaApi#MESH_HTTP_ROUTE}; track
     * addressing {@link KumaApi#defaultAddressing() the API's} ({@link TrackAddressing#SUBSETS} on 2.14
     * and TrafficRoute, {@link TrackAddressing#SERVICES} on 3.0); mesh {@value #DEFAULT_MESH}. Each
     * option may be set once; {@link #build()} fails with every problem at once.
     */
    public static final class Builder {
        private final RouteTarget target;
        private @Nullable KumaApi api;
        private @Nullable TrackAddressing addressing;
        private @Nullable String mesh;

        private Builder(RouteTarget target) {
            this.target = InvalidValueException.requireNonNull("target", target);
        }

        /** The Kuma API to write; default {@link KumaApi#MESH_HTTP_ROUTE}. */
        public Builder api(KumaApi api) {
            requireUnset("api", this.api);
            this.api = InvalidValueException.requireNonNull("api", api);
            return this;
        }

        /** How tracks are told apart; default the API's {@link KumaApi#defaultAddressing()}. */
        public Builder trackAddressing(TrackAddressing addressing) {
            requireUnset("trackAddressing", this.addressing);
            this.addressing = InvalidValueException.requireNonNull("trackAddressing", addressing);
            return this;
        }

        /** The Kuma mesh (a DNS label); default {@value #DEFAULT_MESH}. */
        public Builder mesh(String mesh) {
            requireUnset("mesh", this.mesh);
            this.mesh = InvalidValueException.requireNonNull("mesh", mesh);
            return this;
        }

        /**
         * @throws dev.stepwise.validation.InvalidConfigException when the API cannot address tracks the
         *         chosen way, the mesh name is invalid, or subsets are chosen without a port (Kuma 2.x names a
         *         Kubernetes service {@code <service>_<namespace>_svc_<port>}, so the port is needed)
         */
        public KumaMeshRenderer build() {
            api = api == null ? KumaApi.MESH_HTTP_ROUTE : api;
            addressing = addressing == null ? api.defaultAddressing() : addressing;
            mesh = mesh == null ? DEFAULT_MESH : mesh;
            Problems problems = new Problems();
            if (!api.supports(addressing)) {
                problems.add("trackAddressing", addressing + " is not possible with " + api.displayName()
                        + ", which addresses tracks only by " + api.defaultAddressing());
            } else if (addressing == TrackAddressing.SUBSETS && !target.hasPort()) {
                problems.add("target.port", "must be set for " + api.displayName() + " with " + addressing
                        + ": Kuma names the service " + target.service() + "_" + target.namespace()
                        + "_svc_<port>; set RouteTarget.builder(...).port(...)");
            }
            if (!MESH_NAME.matcher(mesh).matches()) {
                problems.add("mesh", "\"" + mesh + "\" must be a DNS-1123 label (lower-case letters, digits, '-')");
            }
            problems.throwIfAny("Kuma renderer for " + target);
            return new KumaMeshRenderer(this);
        }

        private static void requireUnset(String option, @Nullable Object current) {
            if (current != null) {
                throw new IllegalStateException(option + " was already set to " + current);
            }
        }
    }
}
