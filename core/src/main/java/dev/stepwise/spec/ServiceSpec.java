package dev.stepwise.spec;

import dev.stepwise.traffic.Track;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problems;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Service whose traffic the rollout shifts, and how the mesh reaches it. Field names follow
 * Flagger's {@code spec.service}.
 *
 * <pre>{@code
 * service:
 *   port: 9898
 *   targetPort: http
 *   hosts: [podinfo.example.com]      # istio, gateway-api
 *   gateways: [public/gateway]        # istio
 * }</pre>
 *
 * @param name          the Service clients call; default the target's name
 * @param port          the Service port, 1 to 65535 (required)
 * @param targetPort    the container port, a number (1 to 65535) or a port name; default the
 *                      {@code port} number
 * @param portName      the name of the Service port, a DNS-1123 label; default {@value #DEFAULT_PORT_NAME}
 * @param hosts         host names routed ({@code *}, {@code *.example.com}, {@code podinfo.example.com});
 *                      Istio's VirtualService hosts, Gateway API's hostnames; default none (the Service)
 * @param gateways      Istio gateways, {@code [namespace/]name} or {@code mesh}; default none (in-mesh traffic)
 * @param meshName      the Kuma mesh, a DNS-1123 label; default {@value #DEFAULT_MESH}
 * @param parentRefs    Gateway API Gateways the route attaches to; default none (the Service, GAMMA)
 * @param trackServices the Service of each track, distinct DNS-1123 labels; default Flagger's
 *                      {@code <name>-primary}, {@code <name>-canary}, {@code <name>-baseline}
 */
public record ServiceSpec(String name, int port, TargetPort targetPort, String portName, List<String> hosts,
                          List<String> gateways, String meshName, List<ParentRef> parentRefs,
                          Map<Track, String> trackServices) {

    /** The Service port's name when none is set. */
    public static final String DEFAULT_PORT_NAME = "http";
    /** The Kuma mesh when none is set. */
    public static final String DEFAULT_MESH = "default";

    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern HOST = Pattern.compile(
            "\\*|(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern GATEWAY = Pattern.compile("mesh|([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?/)?"
            + "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /** @throws dev.stepwise.validation.InvalidConfigException listing every problem */
    public ServiceSpec {
        Problems problems = new Problems();
        label(problems, "name", name);
        problems.checkBetween("port", port, 1, 65535);
        InvalidValueException.requireNonNull("targetPort", targetPort);
        label(problems, "portName", portName);
        hosts = List.copyOf(InvalidValueException.requireNonNull("hosts", hosts));
        for (int i = 0; i < hosts.size(); i++) {
            if (hosts.get(i).length() > 253 || !HOST.matcher(hosts.get(i)).matches()) {
                problems.add("hosts[" + i + "]", "\"" + hosts.get(i) + "\" must be a host name such as"
                        + " podinfo.example.com, *.example.com or *");
            }
        }
        gateways = List.copyOf(InvalidValueException.requireNonNull("gateways", gateways));
        for (int i = 0; i < gateways.size(); i++) {
            if (gateways.get(i).length() > 317 || !GATEWAY.matcher(gateways.get(i)).matches()) {
                problems.add("gateways[" + i + "]", "\"" + gateways.get(i) + "\" must be an Istio gateway:"
                        + " [namespace/]name or mesh");
            }
        }
        label(problems, "meshName", meshName);
        parentRefs = List.copyOf(InvalidValueException.requireNonNull("parentRefs", parentRefs));
        InvalidValueException.requireNonNull("trackServices", trackServices);
        for (Track track : Track.values()) {
            label(problems, "trackServices." + track.label(), trackServices.get(track));
        }
        if (trackServices.values().stream().distinct().count() < Track.values().length) {
            problems.add("trackServices", "must name a different Service for each track");
        }
        problems.throwIfAny("service");
        trackServices = Map.copyOf(trackServices);
    }

    /** The Service {@code name} on {@code port}, every other setting its default. */
    public static ServiceSpec of(String name, int port) {
        return new ServiceSpec(name, port, new TargetPort.Number(port), DEFAULT_PORT_NAME, List.of(), List.of(),
                DEFAULT_MESH, List.of(), flaggerServices(name));
    }

    /** The Services Flagger names for {@code name}: {@code <name>-primary}, {@code -canary}, {@code -baseline}. */
    public static Map<Track, String> flaggerServices(String name) {
        Map<Track, String> services = new EnumMap<>(Track.class);
        services.put(Track.STABLE, name + "-primary");
        services.put(Track.CANARY, name + "-canary");
        services.put(Track.BASELINE, name + "-baseline");
        return services;
    }

    /** The Service of {@code track}. */
    public String serviceOf(Track track) {
        return Objects.requireNonNull(trackServices.get(track), "every track has a Service, checked at construction");
    }

    private static void label(Problems problems, String field, @Nullable String value) {
        if (value == null || !DNS_LABEL.matcher(value).matches()) {
            problems.add(field, (value == null ? "is required; it" : "\"" + value + "\"")
                    + " must be a DNS-1123 label: at most 63 lower-case letters, digits and '-'");
        }
    }

    /** The container port a Service port forwards to: a number or a named container port. */
    public sealed interface TargetPort permits TargetPort.Number, TargetPort.Named {

        /** A port number, 1 to 65535. */
        record Number(int number) implements TargetPort {
            public Number {
                InvalidValueException.requireBetween("targetPort", number, 1, 65535);
            }
        }

        /** A container port's name (IANA service name): 1 to 15 lower-case letters, digits and '-', with a letter. */
        record Named(String name) implements TargetPort {

            private static final Pattern IANA = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

            public Named {
                if (name == null || name.length() > 15 || !IANA.matcher(name).matches() || name.contains("--")
                        || name.chars().noneMatch(Character::isLetter)) {
                    throw new InvalidValueException("targetPort", name == null ? "null" : "\"" + name + "\"",
                            "must be a port number 1 to 65535 or a port name: 1 to 15 lower-case letters, digits"
                                    + " and '-', with at least one letter");
                }
            }
        }
    }

    /**
     * A Gateway API Gateway the route attaches to (a {@code parentRef} of kind {@code Gateway}).
     *
     * @param name        the Gateway's name, 1 to 253 characters
     * @param namespace   the Gateway's namespace, a DNS-1123 label; empty (the default) for the route's own
     * @param sectionName the listener, a DNS-1123 subdomain; empty (the default) for every listener
     */
    public record ParentRef(String name, String namespace, String sectionName) {

        private static final Pattern SUBDOMAIN = Pattern.compile(
                "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

        /** @throws dev.stepwise.validation.InvalidConfigException listing every problem */
        public ParentRef {
            namespace = namespace == null ? "" : namespace;
            sectionName = sectionName == null ? "" : sectionName;
            Problems problems = new Problems();
            if (name == null || name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
                problems.add("name", "must be a Gateway's name: a DNS-1123 subdomain of 1 to 253 characters");
            }
            if (!namespace.isEmpty() && !DNS_LABEL.matcher(namespace).matches()) {
                problems.add("namespace", "\"" + namespace + "\" must be a DNS-1123 label; leave it out for the"
                        + " route's namespace");
            }
            if (!sectionName.isEmpty() && (sectionName.length() > 253 || !SUBDOMAIN.matcher(sectionName).matches())) {
                problems.add("sectionName", "\"" + sectionName + "\" must be a DNS-1123 subdomain; leave it out for"
                        + " every listener");
            }
            problems.throwIfAny("parent reference");
        }

        /** The Gateway {@code name} in the route's namespace, every listener. */
        public static ParentRef of(String name) {
            return new ParentRef(name, "", "");
        }
    }
}
