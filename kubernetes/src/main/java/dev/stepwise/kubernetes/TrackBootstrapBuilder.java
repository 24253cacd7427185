package dev.stepwise.kubernetes;

import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.spec.ServiceSpec;
import dev.stepwise.spec.ServiceSpec.TargetPort;
import dev.stepwise.spi.Sleeper;
import dev.stepwise.traffic.Track;
import dev.stepwise.validation.InvalidValueException;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link TrackBootstrap}. Defaults, as Flagger names things: apex Service {@code <target>};
 * track Services {@code <target>-primary}, {@code <target>-canary}, {@code <target>-baseline} (as
 * {@link ServiceSpec#flaggerServices}); Deployments {@code <target>-primary} and
 * {@code <target>-baseline} (as {@link DeploymentWorkload}); no baseline; port required, target port
 * the port, port name {@value ServiceSpec#DEFAULT_PORT_NAME}; selector label the first of
 * {@code app}, {@code name}, {@code app.kubernetes.io/name} in the target's selector; version label
 * {@value RouteTarget#DEFAULT_VERSION_LABEL} with the tracks' names as values; apex selecting the
 * stable pods; no owner reference; {@link BootstrapMode#CREATE}; 3 attempts on transient failures,
 * real sleeping.
 */
public final class TrackBootstrapBuilder {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    final KubernetesClient client;
    final String namespace;
    final String target;
    String apexService;
    final Map<Track, String> services = new EnumMap<>(Track.class);
    int port;
    @Nullable TargetPort targetPort;
    String portName = ServiceSpec.DEFAULT_PORT_NAME;
    boolean baseline;
    BootstrapMode mode = BootstrapMode.CREATE;
    @Nullable String selectorLabel;
    String versionLabel = RouteTarget.DEFAULT_VERSION_LABEL;
    final Map<Track, String> versions = new EnumMap<>(Track.class);
    @Nullable Map<String, String> apexSelector;
    @Nullable OwnerReference owner;
    int attempts = KubernetesManifestSink.DEFAULT_ATTEMPTS;
    Sleeper sleeper = Sleeper.REAL;

    TrackBootstrapBuilder(KubernetesClient client, String namespace, String target) {
        this.client = InvalidValueException.requireNonNull("client", client);
        this.namespace = dnsLabel("namespace", namespace);
        this.target = dnsLabel("target", target);
        this.apexService = target;
        services.putAll(ServiceSpec.flaggerServices(target));
        for (Track track : Track.values()) {
            versions.put(track, track.label());
        }
    }

    /** Takes the apex Service's name, port, target port, port name and track Services from a spec. */
    public TrackBootstrapBuilder service(ServiceSpec spec) {
        InvalidValueException.requireNonNull("service", spec);
        apexService = spec.name();
        port = spec.port();
        targetPort = spec.targetPort();
        portName = spec.portName();
        services.putAll(spec.trackServices());
        return this;
    }

    /** Takes the apex Service, its port (when set), the track Services and the version label and values from a route target. */
    public TrackBootstrapBuilder routeTarget(RouteTarget target) {
        InvalidValueException.requireNonNull("routeTarget", target);
        if (!target.namespace().equals(namespace)) {
            throw new InvalidValueException("routeTarget.namespace", target.namespace(), "must be " + namespace);
        }
        apexService = target.service();
        if (target.hasPort()) {
            port = target.port();
        }
        services.putAll(target.services());
        versionLabel = target.versionLabel();
        versions.putAll(target.versions());
        return this;
    }

    /** The Service clients call; default the target's name. */
    public TrackBootstrapBuilder apexService(String name) {
        this.apexService = dnsLabel("apexService", name);
        return this;
    }

    /** The Service of {@code track}; default {@code <target>-primary}, {@code -canary}, {@code -baseline}. */
    public TrackBootstrapBuilder trackService(Track track, String name) {
        services.put(InvalidValueException.requireNonNull("track", track), dnsLabel("trackServices." + track, name));
        return this;
    }

    /** The Services' port, 1..65535; required. */
    public TrackBootstrapBuilder port(int port) {
        this.port = InvalidValueException.requireBetween("port", port, 1, 65535);
        return this;
    }

    /** The container port number, 1..65535; default the port. */
    public TrackBootstrapBuilder targetPort(int number) {
        this.targetPort = new TargetPort.Number(number);
        return this;
    }

    /** The container port's name; default the port number. */
    public TrackBootstrapBuilder targetPort(String name) {
        this.targetPort = new TargetPort.Named(name);
        return this;
    }

    /** The Service port's name, a DNS-1123 label; default {@value ServiceSpec#DEFAULT_PORT_NAME}. */
    public TrackBootstrapBuilder portName(String name) {
        this.portName = dnsLabel("portName", name);
        return this;
    }

    /** Whether the rollout has a baseline track (its Deployment and Service); default false. */
    public TrackBootstrapBuilder baseline(boolean baseline) {
        this.baseline = baseline;
        return this;
    }

    /** Create what is missing, or only require it; default {@link BootstrapMode#CREATE}. */
    public TrackBootstrapBuilder mode(BootstrapMode mode) {
        this.mode = InvalidValueException.requireNonNull("mode", mode);
        return this;
    }

    /** The label of the target's selector whose value tells the tracks apart; default the first of app, name, app.kubernetes.io/name. */
    public TrackBootstrapBuilder selectorLabel(String label) {
        this.selectorLabel = InvalidValueException.requireNonNull("selectorLabel", label);
        return this;
    }

    /** The pod label telling the tracks apart; default {@value RouteTarget#DEFAULT_VERSION_LABEL}. */
    public TrackBootstrapBuilder versionLabel(String label) {
        this.versionLabel = InvalidValueException.requireNonNull("versionLabel", label);
        return this;
    }

    /** The version label's value on {@code track}'s pods; default the track's name. */
    public TrackBootstrapBuilder version(Track track, String value) {
        versions.put(InvalidValueException.requireNonNull("track", track),
                InvalidValueException.requireNonNull("version." + track, value));
        return this;
    }

    /**
     * The apex Service's selector when it must be created; it must select at least the stable pods.
     * Default Flagger's: the stable pods only ({@code app: <value>-primary}), right when the mesh
     * routes to a Service per track. A mesh addressing tracks as subsets of the apex (Istio, Kuma's
     * MeshServiceSubset) needs a selector matching every track's pods, e.g. a label all of them carry.
     */
    public TrackBootstrapBuilder apexSelector(Map<String, String> selector) {
        InvalidValueException.requireNonNull("apexSelector", selector);
        if (selector.isEmpty()) {
            throw new InvalidValueException("apexSelector", selector, "must have at least one label");
        }
        this.apexSelector = new LinkedHashMap<>(selector);
        return this;
    }

    /** The owner of everything created (e.g. a Rollout resource); default none (see {@link TrackBootstrap}). */
    public TrackBootstrapBuilder owner(OwnerReference owner) {
        this.owner = InvalidValueException.requireNonNull("owner", owner);
        return this;
    }

    /** Attempts per call while it fails transiently, 1..20; default 3. */
    public TrackBootstrapBuilder attempts(int attempts) {
        this.attempts = InvalidValueException.requireBetween("attempts", attempts, 1, 20);
        return this;
    }

    /** How to wait between attempts; default {@link Sleeper#REAL}. */
    public TrackBootstrapBuilder sleeper(Sleeper sleeper) {
        this.sleeper = InvalidValueException.requireNonNull("sleeper", sleeper);
        return this;
    }

    /** @throws InvalidValueException when no port is set or two resources share a name */
    public TrackBootstrap build() {
        if (port == 0) {
            throw new InvalidValueException("port", port, "is required: the Services' port, 1 to 65535");
        }
        Map<String, String> named = new LinkedHashMap<>();
        named.put(apexService, "apexService");
        for (Track track : Track.values()) {
            String previous = named.putIfAbsent(serviceOf(track), "trackServices." + track);
            if (previous != null) {
                throw new InvalidValueException("trackServices." + track, serviceOf(track),
                        "must differ from " + previous);
            }
        }
        if (versions.values().stream().distinct().count() < versions.size()) {
            throw new InvalidValueException("versions", versions, "must give each track a different " + versionLabel);
        }
        return new TrackBootstrap(this);
    }

    TargetPort targetPort() {
        return targetPort == null ? new TargetPort.Number(port) : targetPort;
    }

    String serviceOf(Track track) {
        return Objects.requireNonNull(services.get(track));
    }

    String versionOf(Track track) {
        return Objects.requireNonNull(versions.get(track));
    }

    String deploymentOf(Track track) {
        return track == Track.CANARY ? target : target + (track == Track.STABLE ? "-primary" : "-baseline");
    }

    private static String dnsLabel(String field, String value) {
        if (value == null || !DNS_LABEL.matcher(value).matches()) {
            throw new InvalidValueException(field, value, "must be a DNS-1123 label (a-z, 0-9, '-', at most 63)");
        }
        return value;
    }

    @Override
    public String toString() {
        return namespace + "/" + target + ", apex " + apexService + ", services " + services + ", port " + portName
                + " " + port + "->" + targetPort + (baseline ? ", baseline" : "") + ", " + mode;
    }
}
