package dev.stepwise.spec;

import dev.stepwise.traffic.Track;
import dev.stepwise.validation.internal.NodeReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads {@code spec.service} into a {@link ServiceSpec}, which owns range checks. */
final class ServiceSpecReader {

    static final List<String> FIELDS = List.of("name", "port", "targetPort", "portName", "hosts", "gateways",
            "meshName", "parentRefs", "trackServices");
    static final List<String> PARENT_REF_FIELDS = List.of("name", "namespace", "sectionName");
    static final List<String> TRACK_FIELDS = Arrays.stream(Track.values()).map(Track::label).collect(Collectors.toList());

    private static final Map<String, String> HINTS = Map.of(
            "gatewayRefs", "the Gateway API field is parentRefs",
            "mesh", "the Kuma mesh is meshName",
            "primary", "Services of the tracks go under trackServices (stable, canary, baseline)");

    private ServiceSpecReader() {
    }

    /** The service; {@code targetName} is its name and the base of the track Services' names unless set. */
    static Optional<ServiceSpec> read(NodeReader service, String targetName) {
        service.allowOnly(FIELDS, HINTS);
        String name = service.string("name").orElse(targetName);
        Optional<Integer> port = service.required("port", value -> value.asInteger(1, 65535));
        Optional<ServiceSpec.TargetPort> targetPort = service.optional("targetPort",
                value -> targetPort(service, value));
        String portName = service.string("portName").orElse(ServiceSpec.DEFAULT_PORT_NAME);
        List<String> hosts = strings(service, "hosts");
        List<String> gateways = strings(service, "gateways");
        String meshName = service.string("meshName").orElse(ServiceSpec.DEFAULT_MESH);
        List<ServiceSpec.ParentRef> parentRefs = new ArrayList<>();
        service.list("parentRefs").ifPresent(items -> items.forEach(item -> item.asObject(PARENT_REF_FIELDS)
                .flatMap(ServiceSpecReader::parentRef).ifPresent(parentRefs::add)));
        Map<Track, String> trackServices = ServiceSpec.flaggerServices(name);
        service.object("trackServices").ifPresent(tracks -> {
            tracks.allowOnly(TRACK_FIELDS, Map.of("primary", "Stepwise calls the primary track stable"));
            for (Track track : Track.values()) {
                tracks.string(track.label()).ifPresent(s -> trackServices.put(track, s));
            }
        });
        if (service.troubled() || port.isEmpty()) {
            return Optional.empty();
        }
        ServiceSpec.TargetPort target = targetPort.orElseGet(() -> new ServiceSpec.TargetPort.Number(port.get()));
        return service.build(() -> new ServiceSpec(name, port.get(), target, portName, hosts, gateways, meshName,
                parentRefs, new EnumMap<>(trackServices)));
    }

    /** A number or a name; a name's problem is reported by the service, as targetPort. */
    private static Optional<ServiceSpec.TargetPort> targetPort(NodeReader service, NodeReader value) {
        if (value.node().isIntegralNumber()) {
            return value.asInteger(1, 65535).map(ServiceSpec.TargetPort.Number::new);
        }
        if (value.node().isTextual()) {
            return service.build(() -> new ServiceSpec.TargetPort.Named(value.node().textValue()));
        }
        return value.expected("a port number 1 to 65535 or a port name");
    }

    private static Optional<ServiceSpec.ParentRef> parentRef(NodeReader ref) {
        Optional<String> name = ref.required("name", NodeReader::asString);
        String namespace = ref.string("namespace").orElse("");
        String sectionName = ref.string("sectionName").orElse("");
        return name.flatMap(n -> ref.build(() -> new ServiceSpec.ParentRef(n, namespace, sectionName)));
    }

    private static List<String> strings(NodeReader service, String field) {
        List<String> values = new ArrayList<>();
        service.list(field).ifPresent(items -> items.forEach(item -> item.asString().ifPresent(values::add)));
        return values;
    }
}
