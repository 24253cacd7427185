package dev.stepwise.mesh.istio;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.mesh.istio.internal.DestinationRuleWriter;
import dev.stepwise.mesh.istio.internal.HeaderMatches;
import dev.stepwise.mesh.istio.internal.IstioLayout;
import dev.stepwise.mesh.istio.internal.ManagedRoutes;
import dev.stepwise.mesh.istio.internal.VirtualServiceReader;
import dev.stepwise.mesh.istio.internal.VirtualServiceWriter;
import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problems;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Routes a {@link TrafficSplit} with Istio: a {@code DestinationRule} with one subset per track, and
 * Stepwise's routes inside a {@code VirtualService} that may be the user's own.
 *
 * <p><b>VirtualService.</b> Stepwise manages only its {@code http} routes: the weighted route named
 * {@link RouteTarget#routeName()}, and for each {@link TrafficSplit#matches() request match} {@code i}
 * (from 0) a route named {@code <routeName>-match-<i>}, all in one block, matches first. Those names
 * are reserved; Stepwise rewrites such routes whole and reads them strictly. A new VirtualService
 * holds only these routes; in an existing one every other route and field is kept, in its order,
 * and Stepwise's block goes where its routes were, or at the end when new, so that the user's
 * earlier routes keep their precedence. A destination is
 * {@code {host: <service>, subset: <track subset>, port: {number: <port>}}} (no port when the target
 * has none). The weighted route lists stable and canary always, at weight 0 too, so a rollout's
 * diffs show only weights; baseline only while it has weight. A mirror is {@code mirror} (the canary
 * subset) and {@code mirrorPercentage.value}, written only above 0 percent; Istio mirrors the
 * weighted route's requests. A header condition is {@code headers: {<name>: {exact|prefix|regex}}};
 * Istio cannot match cookies, so a cookie condition is a regex on the {@code cookie} header,
 * {@code ^(.*?;\s*)?(<name>=<value>)(;.*)?$}, with the value escaped (exact), escaped then
 * {@code [^;]*} (prefix) or as {@code (?:<regex>)} (regex), which {@link #parse} reads back as the
 * cookie condition. Istio keeps one condition per header and lower-case header names only, so a
 * match with two conditions on one header (two cookies included), a header condition on
 * {@code cookie}, or an upper-case header name is an {@link InvalidValueException}: written anyway,
 * it would read back as another split and never be verified.
 *
 * <p><b>DestinationRule.</b> Subsets named {@code stable}, {@code canary} and {@code baseline} by
 * default (see {@link Builder#subset}), each with labels {@code {<versionLabel>: <track's version>}},
 * all three always (they depend on the target only, so the rule does not change from step to step);
 * {@code host} is the service. A track subset already there gets these labels in place and keeps its
 * other fields; the user's trafficPolicy, other subsets and metadata are kept.
 *
 * <p>{@link #parse} is empty when either resource or the weighted route is missing, or a track subset
 * is; it throws when a managed route or subset holds a shape {@link #render} does not write. Pure:
 * no I/O, no clock; rendered keys come in a fixed order. Thread-safe (immutable).
 */
public final class IstioMeshRenderer implements MeshRenderer {

    /** The API version written by default, {@code networking.istio.io/v1} (served by Istio 1.22 and later). */
    public static final String DEFAULT_API_VERSION = IstioLayout.GROUP + "/v1";
    /** The older API version that may be chosen instead, for control planes before Istio 1.22. */
    public static final String V1BETA1_API_VERSION = IstioLayout.GROUP + "/v1beta1";

    private final IstioLayout layout;
    private final ManagedRoutes routes;
    private final VirtualServiceWriter virtualServices;
    private final VirtualServiceReader virtualServiceReader;
    private final DestinationRuleWriter destinationRules;

    IstioMeshRenderer(IstioLayout layout) {
        this.layout = layout;
        this.routes = new ManagedRoutes(layout.target().routeName());
        this.virtualServices = new VirtualServiceWriter(layout, routes);
        this.virtualServiceReader = new VirtualServiceReader(layout, routes);
        this.destinationRules = new DestinationRuleWriter(layout);
    }

    /** A builder for {@code target}, with the defaults stated on each {@link Builder} method. */
    public static Builder builder(RouteTarget target) {
        return new Builder(InvalidValueException.requireNonNull("target", target));
    }

    /** A renderer for {@code target} with every default: see {@link Builder}. */
    public static IstioMeshRenderer of(RouteTarget target) {
        return builder(target).build();
    }

    @Override
    public RouteTarget target() {
        return layout.target();
    }

    /** The DestinationRule, then the VirtualService: subsets must exist before routes use them. */
    @Override
    public List<ResourceRef> resources() {
        return List.of(layout.destinationRule(), layout.virtualService());
    }

    @Override
    public List<Manifest> render(TrafficSplit split, List<Manifest> existing) {
        InvalidValueException.requireNonNull("split", split);
        InvalidValueException.requireNonNull("existing", existing);
        for (int i = 0; i < split.matches().size(); i++) {
            HeaderMatches.requireExpressible(split.matches().get(i), i);
        }
        ObjectNode destinationRule = destinationRules.render(find(existing, layout.destinationRule()));
        ObjectNode virtualService = virtualServices.render(split, find(existing, layout.virtualService()));
        return List.of(Manifest.of(destinationRule), Manifest.of(virtualService));
    }

    @Override
    public Optional<TrafficSplit> parse(List<Manifest> resources) {
        InvalidValueException.requireNonNull("resources", resources);
        Optional<ObjectNode> virtualService = find(resources, layout.virtualService());
        Optional<ObjectNode> destinationRule = find(resources, layout.destinationRule());
        if (virtualService.isEmpty() || destinationRule.isEmpty()) {
            return Optional.empty();
        }
        Optional<TrafficSplit> split = virtualServiceReader.read(virtualService.get());
        return split.isPresent() && destinationRules.hasTrackSubsets(destinationRule.get()) ? split : Optional.empty();
    }

    /** Weights at any whole percent, header and cookie matches, mirroring. */
    @Override
    public RouterCapabilities capabilities() {
        return new RouterCapabilities(true, true, true, 1);
    }

    /**
     * The resource {@code ref} names, matched on API group, kind, namespace and name, so that a
     * resource stored under another version of the API (v1beta1 in Git, say) is still found.
     */
    private static Optional<ObjectNode> find(List<Manifest> manifests, ResourceRef ref) {
        return manifests.stream().filter(m -> sameResource(m.ref(), ref)).findFirst().map(Manifest::json);
    }

    private static boolean sameResource(ResourceRef a, ResourceRef b) {
        return a.group().equals(b.group()) && a.kind().equals(b.kind()) && a.namespace().equals(b.namespace())
                && a.name().equals(b.name());
    }

    @Override
    public String toString() {
        RouteTarget target = layout.target();
        return "IstioMeshRenderer[" + layout.apiVersion() + " VirtualService " + target.namespace() + "/"
                + layout.virtualServiceName() + " (route " + target.routeName() + ", hosts " + layout.hosts()
                + ", gateways " + (layout.gateways().isEmpty() ? "mesh" : layout.gateways()) + "), DestinationRule "
                + target.namespace() + "/" + layout.destinationRuleName() + " (host " + target.service()
                + (target.hasPort() ? ":" + target.port() : "") + ", subsets " + subsetsText() + ")]";
    }

    private String subsetsText() {
        StringBuilder text = new StringBuilder();
        for (Track track : Track.values()) {
            text.append(text.length() == 0 ? "" : ", ").append(layout.subsetOf(track)).append(" = ")
                    .append(target().versionLabel()).append(':').append(target().versionOf(track));
        }
        return text.toString();
    }

    /**
     * Builds an {@link IstioMeshRenderer}. Every option is checked by {@link #build()}, which reports
     * all problems at once; an option set twice fails at once, since the second call is most likely
     * a mistake.
     */
    public static final class Builder {
        private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
                "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
        private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

        private final RouteTarget target;
        private final Set<String> set = new HashSet<>();
        private String apiVersion = DEFAULT_API_VERSION;
        private String virtualServiceName;
        private String destinationRuleName;
        private @Nullable List<String> hosts;
        private @Nullable List<String> gateways = List.of();
        private final Map<Track, String> subsets = new EnumMap<>(Track.class);

        private Builder(RouteTarget target) {
            this.target = target;
            this.virtualServiceName = target.service();
            this.destinationRuleName = target.service();
            this.hosts = List.of(target.service());
            for (Track track : Track.values()) {
                subsets.put(track, track.label());
            }
        }

        /** {@value IstioMeshRenderer#DEFAULT_API_VERSION} (the default) or {@value IstioMeshRenderer#V1BETA1_API_VERSION}. */
        public Builder apiVersion(String apiVersion) {
            once("apiVersion");
            this.apiVersion = apiVersion;
            return this;
        }

        /** The VirtualService's name; by default the target's service. */
        public Builder virtualServiceName(String name) {
            once("virtualServiceName");
            this.virtualServiceName = name;
            return this;
        }

        /** The DestinationRule's name; by default the target's service. */
        public Builder destinationRuleName(String name) {
            once("destinationRuleName");
            this.destinationRuleName = name;
            return this;
        }

        /**
         * The hosts of a VirtualService Stepwise creates; by default the target's service. An
         * existing VirtualService keeps its own hosts.
         */
        public Builder hosts(@Nullable List<String> hosts) {
            once("hosts");
            this.hosts = hosts == null ? null : new ArrayList<>(hosts);
            return this;
        }

        /**
         * The gateways of a VirtualService Stepwise creates; by default none, so the routes apply to
         * the mesh's sidecars (list {@code mesh} too to keep them with a gateway). An existing
         * VirtualService keeps its own gateways.
         */
        public Builder gateways(@Nullable List<String> gateways) {
            once("gateways");
            this.gateways = gateways == null ? null : new ArrayList<>(gateways);
            return this;
        }

        /**
         * The DestinationRule subset of {@code track}; by default the track's label ({@code stable},
         * {@code canary}, {@code baseline}), which stays the same from release to release while
         * the version label values may not.
         */
        public Builder subset(Track track, String name) {
            once("subset " + InvalidValueException.requireNonNull("track", track));
            subsets.put(track, name);
            return this;
        }

        /** The renderer; throws an {@link InvalidConfigException} listing every invalid option. */
        public IstioMeshRenderer build() {
            Problems problems = new Problems();
            if (!DEFAULT_API_VERSION.equals(apiVersion) && !V1BETA1_API_VERSION.equals(apiVersion)) {
                problems.add("apiVersion", "\"" + apiVersion + "\" must be " + DEFAULT_API_VERSION + " or "
                        + V1BETA1_API_VERSION);
            }
            resourceName(problems, "virtualServiceName", virtualServiceName);
            resourceName(problems, "destinationRuleName", destinationRuleName);
            texts(problems, "hosts", hosts, 1);
            texts(problems, "gateways", gateways, 0);
            for (Track track : Track.values()) {
                String name = subsets.get(track);
                if (name == null || !DNS_LABEL.matcher(name).matches()) {
                    problems.add("subsets." + track, "\"" + name + "\" must be a DNS-1123 label");
                }
            }
            if (subsets.values().stream().distinct().count() < Track.values().length) {
                problems.add("subsets", new EnumMap<>(subsets) + " must name a different subset for each track");
            }
            problems.throwIfAny("Istio mesh renderer for " + target);
            return new IstioMeshRenderer(new IstioLayout(target, apiVersion, virtualServiceName,
                    destinationRuleName, Objects.requireNonNull(hosts), Objects.requireNonNull(gateways), subsets));
        }

        private void once(String option) {
            if (!set.add(option)) {
                throw new InvalidValueException(option, "set twice", "must be set at most once");
            }
        }

        private static void resourceName(Problems problems, String field, String name) {
            if (name == null || name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
                problems.add(field, "\"" + name + "\" must be a DNS-1123 subdomain");
            }
        }

        private static void texts(Problems problems, String field, @Nullable List<String> values, int min) {
            if (values == null || values.size() < min) {
                problems.add(field, values + " must hold at least " + min + " entry");
            } else if (values.stream().anyMatch(v -> v == null || v.isBlank())) {
                problems.add(field, values + " must not hold empty entries");
            }
        }
    }
}
