package dev.stepwise.mesh;

import dev.stepwise.traffic.Track;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problems;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The service whose traffic a renderer routes, and how each track is addressed in the mesh.
 *
 * <p>Meshes address a track in one of two ways, and a target carries both so that every
 * renderer can use it: by a <b>Service per track</b> ({@link #serviceOf}: Gateway API, Kuma 3.0,
 * Flagger's {@code podinfo-primary}/{@code podinfo-canary}), or by a <b>subset</b> of one service's
 * pods selected by a label ({@link #versionLabel} = {@link #versionOf}: Istio's DestinationRule
 * subsets, Kuma 2.14's {@code MeshServiceSubset}, the legacy {@code TrafficRoute}).
 *
 * @param namespace    the namespace of the service and of every rendered resource
 * @param service      the service clients call (the route's host), e.g. {@code podinfo}
 * @param port         the service port, 1..65535, or 0 to leave ports out of rendered resources
 * @param routeName    the name of the route Stepwise manages inside a resource it shares with the
 *                     user (Istio's {@code http[].name}); other routes are never touched
 * @param versionLabel the pod label that tells the tracks apart, for subset-based meshes
 * @param services     the Service of each track
 * @param versions     the value of {@code versionLabel} on each track's pods
 */
public record RouteTarget(String namespace, String service, int port, String routeName, String versionLabel,
                          Map<Track, String> services, Map<Track, String> versions) {

    /** Managed route name, by default. */
    public static final String DEFAULT_ROUTE_NAME = "stepwise";
    /** The pod label telling tracks apart, by default. */
    public static final String DEFAULT_VERSION_LABEL = "version";

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern LABEL_KEY = Pattern.compile("([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    public RouteTarget {
        Problems problems = new Problems();
        dnsLabel(problems, "namespace", namespace);
        dnsLabel(problems, "service", service);
        if (port < 0 || port > 65535) {
            problems.add("port", port + " must be between 0 (no port) and 65535");
        }
        dnsLabel(problems, "routeName", routeName);
        if (versionLabel == null || !LABEL_KEY.matcher(versionLabel).matches()) {
            problems.add("versionLabel", "\"" + versionLabel + "\" must be a Kubernetes label key");
        }
        InvalidValueException.requireNonNull("services", services);
        InvalidValueException.requireNonNull("versions", versions);
        for (Track track : Track.values()) {
            dnsLabel(problems, "services." + track, services.get(track));
            String version = versions.get(track);
            if (version == null || version.isEmpty() || !LABEL_VALUE.matcher(version).matches()) {
                problems.add("versions." + track, "\"" + version + "\" must be a non-empty Kubernetes label value");
            }
        }
        if (services.values().stream().distinct().count() < Track.values().length) {
            problems.add("services", services + " must name a different Service for each track");
        }
        if (versions.values().stream().distinct().count() < Track.values().length) {
            problems.add("versions", versions + " must give each track a different " + versionLabel);
        }
        problems.throwIfAny("route target");
        services = Map.copyOf(services);
        versions = Map.copyOf(versions);
    }

    /** A builder with the defaults: no port, route {@value #DEFAULT_ROUTE_NAME}, Flagger's Service names. */
    public static Builder builder(String namespace, String service) {
        return new Builder(namespace, service);
    }

    /** The target with every default: see {@link #builder}. */
    public static RouteTarget of(String namespace, String service) {
        return builder(namespace, service).build();
    }

    /** The Service of {@code track}. */
    public String serviceOf(Track track) {
        return Objects.requireNonNull(services.get(track), "every track has a Service, checked at construction");
    }

    /** The {@link #versionLabel} value of {@code track}'s pods. */
    public String versionOf(Track track) {
        return Objects.requireNonNull(versions.get(track), "every track has a version, checked at construction");
    }

    /** The track whose Service is {@code name}, or null. */
    public @Nullable Track trackOfService(String name) {
        return services.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /** The track whose version label value is {@code value}, or null. */
    public @Nullable Track trackOfVersion(String value) {
        return versions.entrySet().stream().filter(e -> e.getValue().equals(value)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /** Whether a port is set. */
    public boolean hasPort() {
        return port > 0;
    }

    private static void dnsLabel(Problems problems, String field, @Nullable String value) {
        if (value == null || !DNS_LABEL.matcher(value).matches()) {
            problems.add(field, "\"" + value + "\" must be a DNS-1123 label (lower-case letters, digits, '-', at most 63)");
        }
    }

    @Override
    public String toString() {
        return "RouteTarget[" + namespace + "/" + service + (hasPort() ? ":" + port : "") + ", route " + routeName
                + ", services " + new EnumMap<>(services) + ", " + versionLabel + " " + new EnumMap<>(versions) + "]";
    }

    /**
     * Builds a {@link RouteTarget}. Defaults: port 0 (none), route name {@value #DEFAULT_ROUTE_NAME},
     * version label {@value #DEFAULT_VERSION_LABEL}; Services as Flagger names them
     * ({@code <service>-primary}, {@code <service>-canary}, {@code <service>-baseline}); version
     * label values {@code stable}, {@code canary}, {@code baseline}.
     */
    public static final class Builder {
        private final String namespace;
        private final String service;
        private int port;
        private String routeName = DEFAULT_ROUTE_NAME;
        private String versionLabel = DEFAULT_VERSION_LABEL;
        private final Map<Track, String> services = new EnumMap<>(Track.class);
        private final Map<Track, String> versions = new EnumMap<>(Track.class);

        private Builder(String namespace, String service) {
            this.namespace = namespace;
            this.service = service;
            services.put(Track.STABLE, service + "-primary");
            services.put(Track.CANARY, service + "-canary");
            services.put(Track.BASELINE, service + "-baseline");
            for (Track track : Track.values()) {
                versions.put(track, track.label());
            }
        }

        /** The service port, or 0 for none (the default). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder routeName(String routeName) {
            this.routeName = routeName;
            return this;
        }

        public Builder versionLabel(String versionLabel) {
            this.versionLabel = versionLabel;
            return this;
        }

        /** The Service addressing {@code track}'s pods. */
        public Builder service(Track track, String name) {
            services.put(InvalidValueException.requireNonNull("track", track), name);
            return this;
        }

        /** The {@code versionLabel} value on {@code track}'s pods. */
        public Builder version(Track track, String value) {
            versions.put(InvalidValueException.requireNonNull("track", track), value);
            return this;
        }

        public RouteTarget build() {
            return new RouteTarget(namespace, service, port, routeName, versionLabel, services, versions);
        }
    }
}
