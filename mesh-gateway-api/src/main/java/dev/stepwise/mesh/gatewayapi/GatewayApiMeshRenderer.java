package dev.stepwise.mesh.gatewayapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.mesh.gatewayapi.internal.BuilderSettings;
import dev.stepwise.mesh.gatewayapi.internal.HttpRouteMerge;
import dev.stepwise.mesh.gatewayapi.internal.ManagedRuleNames;
import dev.stepwise.mesh.gatewayapi.internal.RuleReader;
import dev.stepwise.mesh.gatewayapi.internal.RuleWriter;
import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Routes a {@link RouteTarget} with one Gateway API {@code HTTPRoute}: east-west in GAMMA mesh
 * mode (the route's parent is the Service itself, as Istio, Linkerd, Cilium and Kuma implement
 * it) or north-south through Gateways. Each track is its own Service
 * ({@link RouteTarget#serviceOf}) at {@link RouteTarget#port()}, which is therefore required.
 *
 * <p>The HTTPRoute may be the user's: Stepwise owns only its rules, told apart by
 * {@code rules[].name} (standard channel since Gateway API v1.2): the weighted rule
 * {@link RouteTarget#routeName()} and one rule {@code <routeName>-match-<i>} per request match
 * ({@code i} from 0, in {@link TrafficSplit#matches()} order), placed before the weighted rule.
 * Everything else (other rules and their order, parentRefs, hostnames, labels, annotations,
 * {@code resourceVersion}, unknown fields, {@code status}) is kept; configured parentRefs and
 * hostnames are added when missing. Rule precedence is Gateway API's: a rule with more header
 * matches wins over one with fewer, so a request match always beats the weighted rule; a user's
 * rule with a longer path prefix beats both.
 *
 * <p>Written shape, so that {@code parse(render(s)) == s} exactly: the weighted rule lists the
 * stable and canary Services always (weight 0 included) and the baseline Service only while its
 * weight is above 0; a header PREFIX is an anchored regex, a cookie a {@code Cookie} header regex
 * (see {@link dev.stepwise.mesh.gatewayapi.internal.HeaderMatches}); a mirror is a
 * {@code RequestMirror} filter with {@code percent} on the weighted rule, so it copies that share of
 * the requests the weighted rule routes (request matches are not mirrored). Defaults the API server
 * would add are written out, so what is read back from the cluster equals what was written.
 *
 * <p>Pure and immutable; render is idempotent.
 */
public final class GatewayApiMeshRenderer implements MeshRenderer {

    /** The HTTPRoute {@code apiVersion} written, by default. */
    public static final String DEFAULT_API_VERSION = "gateway.networking.k8s.io/v1";

    private static final String GROUP = "gateway.networking.k8s.io";
    private static final List<String> API_VERSIONS = List.of(DEFAULT_API_VERSION, GROUP + "/v1beta1");
    private static final RouterCapabilities CAPABILITIES = new RouterCapabilities(true, true, true, 1);

    private final RouteTarget target;
    private final ResourceRef route;
    private final HttpRouteMerge merge;
    private final RuleWriter writer;
    private final RuleReader reader;

    private GatewayApiMeshRenderer(RouteTarget target, ResourceRef route, List<ObjectNode> parentRefs,
                                   List<String> hostnames) {
        this.target = target;
        this.route = route;
        this.merge = new HttpRouteMerge(route.apiVersion(), route.namespace(), route.name(), parentRefs, hostnames,
                new ManagedRuleNames(target.routeName()));
        this.writer = new RuleWriter(target);
        this.reader = new RuleReader(target);
    }

    /** A renderer for {@code target} with every default (see {@link Builder}). */
    public static GatewayApiMeshRenderer of(RouteTarget target) {
        return builder(target).build();
    }

    /** A builder for {@code target}, whose port must be set. */
    public static Builder builder(RouteTarget target) {
        return new Builder(InvalidValueException.requireNonNull("target", target));
    }

    @Override
    public RouteTarget target() {
        return target;
    }

    /** The one HTTPRoute. */
    @Override
    public List<ResourceRef> resources() {
        return List.of(route);
    }

    /**
     * The HTTPRoute routing {@code split}, over the existing one if {@code existing} holds it (found by
     * group, kind, namespace and name, any served version; written back at this renderer's apiVersion).
     *
     * @throws InvalidValueException when a request match cannot be an HTTPRoute header match (two
     *         conditions on one header, two cookies, a header named Cookie, a name that is no HTTP
     *         token, an empty exact value) or the route would exceed the CRD's limits (16 rules, 128
     *         matches, 32 parentRefs, 16 hostnames)
     */
    @Override
    public List<Manifest> render(TrafficSplit split, List<Manifest> existing) {
        InvalidValueException.requireNonNull("split", split);
        ObjectNode rendered = merge.merge(find(existing).map(Manifest::json), writer.write(split));
        return List.of(Manifest.of(rendered));
    }

    /** {@inheritDoc} Empty when the HTTPRoute or its weighted rule is missing. */
    @Override
    public Optional<TrafficSplit> parse(List<Manifest> resources) {
        return find(resources).flatMap(manifest -> reader.read(manifest.at("/spec/rules")));
    }

    /** Weights at any whole percent, header and cookie matches, and mirroring. */
    @Override
    public RouterCapabilities capabilities() {
        return CAPABILITIES;
    }

    private Optional<Manifest> find(List<Manifest> resources) {
        InvalidValueException.requireNonNull("resources", resources);
        return resources.stream().filter(m -> m.ref().group().equals(GROUP) && m.ref().kind().equals(route.kind())
                && m.ref().namespace().equals(route.namespace()) && m.ref().name().equals(route.name())).findFirst();
    }

    @Override
    public String toString() {
        return "GatewayApiMeshRenderer[" + route + ", " + target + "]";
    }

    /**
     * Builds a {@link GatewayApiMeshRenderer}. Defaults: apiVersion {@value #DEFAULT_API_VERSION}; the
     * HTTPRoute named after {@link RouteTarget#service()}; GAMMA mesh mode (one parentRef to the
     * Service itself at its port); no hostnames. Each setting may be set once. Configured parentRefs
     * are added to a user's route that lacks them: to share a north-south route, configure its
     * Gateways, or the route becomes a mesh route as well.
     */
    public static final class Builder {
        private final RouteTarget target;
        private @Nullable String apiVersion;
        private @Nullable String httpRouteName;
        private @Nullable List<GatewayRef> gateways;
        private @Nullable List<String> hostnames;

        private Builder(RouteTarget target) {
            this.target = target;
        }

        /** {@code gateway.networking.k8s.io/v1} (the default) or {@code gateway.networking.k8s.io/v1beta1}. */
        public Builder apiVersion(String apiVersion) {
            this.apiVersion = once("apiVersion", this.apiVersion, apiVersion);
            return this;
        }

        /** The HTTPRoute's name; by default the target's service name. */
        public Builder httpRouteName(String name) {
            this.httpRouteName = once("httpRouteName", this.httpRouteName, name);
            return this;
        }

        /** Attach the route to these Gateways (north-south) instead of the Service (GAMMA, the default). */
        public Builder gateways(GatewayRef... gateways) {
            this.gateways = once("gateways", this.gateways, List.of(gateways));
            return this;
        }

        /** The hostnames the route must hold; by default none (every hostname the parents allow). */
        public Builder hostnames(String... hostnames) {
            this.hostnames = once("hostnames", this.hostnames, List.of(hostnames));
            return this;
        }

        /**
         * The renderer.
         *
         * @throws dev.stepwise.validation.InvalidConfigException naming every invalid setting; {@code port}
         *         when the target has none, since Gateway API requires it on a Service backendRef
         */
        public GatewayApiMeshRenderer build() {
            BuilderSettings settings = BuilderSettings.validate(target, apiVersion == null ? DEFAULT_API_VERSION : apiVersion,
                    API_VERSIONS, httpRouteName == null ? target.service() : httpRouteName,
                    gateways == null ? List.of() : gateways, hostnames == null ? List.of() : hostnames);
            ResourceRef route = new ResourceRef(settings.apiVersion(), "HTTPRoute", target.namespace(),
                    settings.httpRouteName());
            return new GatewayApiMeshRenderer(target, route, parentRefs(settings.gateways()), settings.hostnames());
        }

        private List<ObjectNode> parentRefs(List<GatewayRef> gateways) {
            JsonNodeFactory json = JsonNodeFactory.instance;
            if (gateways.isEmpty()) {
                ObjectNode service = json.objectNode().put("group", "").put("kind", "Service")
                        .put("name", target.service()).put("port", target.port());
                return List.of(service);
            }
            return gateways.stream().map(gateway -> {
                ObjectNode ref = json.objectNode().put("group", GROUP).put("kind", "Gateway").put("name", gateway.name());
                if (!gateway.namespace().isEmpty()) {
                    ref.put("namespace", gateway.namespace());
                }
                if (!gateway.sectionName().isEmpty()) {
                    ref.put("sectionName", gateway.sectionName());
                }
                return ref;
            }).toList();
        }

        private static <T> T once(String setting, @Nullable T current, T value) {
            InvalidValueException.requireNonNull(setting, value);
            if (current != null) {
                throw new IllegalStateException(setting + " was already set to " + current);
            }
            return value;
        }
    }
}
