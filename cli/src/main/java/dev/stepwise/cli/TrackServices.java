package dev.stepwise.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.spec.ServiceSpec;
import dev.stepwise.traffic.Track;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The track Services a rollout routes to, as {@code v1} Service manifests: stable's
 * ({@code <service>-primary} by default), the canary's ({@code <service>-canary}) and, when the
 * strategy gives the baseline traffic, the baseline's ({@code <service>-baseline}); names from
 * {@code spec.service.trackServices}. Each has one TCP port from {@code spec.service}: its
 * {@code portName}, {@code port} (or {@code --port}) and {@code targetPort}. Each selects its
 * track's pods as Flagger does, by {@code app} = the track's Deployment: {@code <target>-primary},
 * {@code <target>}, {@code <target>-baseline}.
 */
final class TrackServices {

    /** The label naming who wrote a rendered Service. */
    static final Map<String, String> LABELS = Map.of("app.kubernetes.io/managed-by", "stepwise");

    private TrackServices() {
    }

    /** The Services of the stable and canary tracks, and of the baseline when {@code baseline}. */
    static List<Manifest> of(RolloutSpec spec, ServiceSpec service, int port, boolean baseline) {
        List<Manifest> services = new ArrayList<>();
        for (Track track : Track.values()) {
            if (track != Track.BASELINE || baseline) {
                services.add(service(spec, service, port, track));
            }
        }
        return services;
    }

    private static Manifest service(RolloutSpec spec, ServiceSpec service, int port, Track track) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode root = json.objectNode().put("apiVersion", "v1").put("kind", "Service");
        ObjectNode metadata = root.putObject("metadata").put("name", service.serviceOf(track))
                .put("namespace", spec.metadata().namespace());
        LABELS.forEach(metadata.putObject("labels")::put);
        ObjectNode body = root.putObject("spec").put("type", "ClusterIP");
        body.putObject("selector").put("app", deployment(spec.target().name(), track));
        ObjectNode entry = body.putArray("ports").addObject().put("name", service.portName()).put("port", port)
                .put("protocol", "TCP");
        if (service.targetPort() instanceof ServiceSpec.TargetPort.Named named) {
            entry.put("targetPort", named.name());
        } else if (service.targetPort() instanceof ServiceSpec.TargetPort.Number number) {
            entry.put("targetPort", number.number());
        }
        return Manifest.of(root);
    }

    /** The Deployment running {@code track}, as Flagger and {@code DeploymentWorkload} name it. */
    static String deployment(String target, Track track) {
        switch (track) {
            case STABLE:
                return target + "-primary";
            case BASELINE:
                return target + "-baseline";
            default:
                return target;
        }
    }
}
