package dev.stepwise.kubernetes.internal;

import dev.stepwise.spec.ServiceSpec.TargetPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.ServiceSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The ClusterIP Services addressing the tracks (and the apex), made and checked as Flagger's
 * Kubernetes router makes them: one TCP port {@code portName}, {@code port} to {@code targetPort},
 * selecting the pods by one label. Pure.
 *
 * @param port       the Service port
 * @param targetPort the container port
 * @param portName   the Service port's name
 */
public record TrackServices(int port, TargetPort targetPort, String portName) {

    /** The ClusterIP Service {@code name} selecting {@code selector}, made for {@code target}. */
    public Service create(String name, Deployment target, Map<String, String> selector, @Nullable OwnerReference owner) {
        Service service = new Service();
        service.setMetadata(DerivedDeployments.metadata(name, target, Map.of(), owner));
        service.setSpec(new ServiceSpecBuilder().withType("ClusterIP").withSelector(new LinkedHashMap<>(selector))
                .withPorts(servicePort()).build());
        return service;
    }

    /** The one port, as created. */
    public ServicePort servicePort() {
        return new ServicePortBuilder().withName(portName).withProtocol("TCP").withPort(port)
                .withTargetPort(intOrString(targetPort)).build();
    }

    /** The port as a person writes it, e.g. {@code {name: http, port: 9898, targetPort: 9898}}. */
    public String describePort() {
        return "{name: " + portName + ", port: " + port + ", targetPort: " + text(intOrString(targetPort)) + "}";
    }

    /**
     * What is wrong with an existing Service, one line each (empty: it fits).
     *
     * @param selects  the pods it must select: the track's pod labels
     * @param others   the pod labels of the other tracks, by a name for the message; it must select none
     * @param selector the selector it would have been created with, for the message
     */
    public List<String> check(Service existing, String what, Map<String, String> selects,
                              Map<String, Map<String, String>> others, Map<String, String> selector) {
        List<String> problems = new ArrayList<>();
        Map<String, String> actual = existing.getSpec() == null || existing.getSpec().getSelector() == null
                ? Map.of() : existing.getSpec().getSelector();
        if (!DerivedDeployments.selects(actual, selects)) {
            problems.add(what + ": spec.selector " + actual + " does not select the track's pods " + selects
                    + "; it should be " + selector);
        } else {
            others.forEach((other, labels) -> {
                if (DerivedDeployments.selects(actual, labels)) {
                    problems.add(what + ": spec.selector " + actual + " also selects the pods of " + other
                            + "; it should be " + selector);
                }
            });
        }
        checkPort(existing, what, problems);
        return problems;
    }

    private void checkPort(Service existing, String what, List<String> problems) {
        List<ServicePort> ports = existing.getSpec() == null || existing.getSpec().getPorts() == null
                ? List.of() : existing.getSpec().getPorts();
        for (int i = 0; i < ports.size(); i++) {
            ServicePort p = ports.get(i);
            if (p.getPort() != null && p.getPort() == port) {
                // the API server defaults an unset targetPort to the port
                IntOrString actual = p.getTargetPort() == null ? new IntOrString(port) : p.getTargetPort();
                if (!text(actual).equals(text(intOrString(targetPort)))) {
                    problems.add(what + ": spec.ports[" + i + "].targetPort is " + text(actual) + "; it should be "
                            + text(intOrString(targetPort)));
                }
                return;
            }
        }
        problems.add(what + ": spec.ports has no port " + port + "; it should have " + describePort());
    }

    private static IntOrString intOrString(TargetPort targetPort) {
        return targetPort instanceof TargetPort.Number n ? new IntOrString(n.number())
                : new IntOrString(((TargetPort.Named) targetPort).name());
    }

    private static String text(IntOrString value) {
        return value.getIntVal() != null ? value.getIntVal().toString() : Objects.toString(value.getStrVal());
    }
}
