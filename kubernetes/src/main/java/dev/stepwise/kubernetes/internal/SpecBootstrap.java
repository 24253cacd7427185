package dev.stepwise.kubernetes.internal;

import dev.stepwise.kubernetes.BootstrapMode;
import dev.stepwise.kubernetes.BootstrapRecord;
import dev.stepwise.kubernetes.TrackBootstrap;
import dev.stepwise.kubernetes.TrackBootstrapBuilder;
import dev.stepwise.kubernetes.TrackBootstrapException;
import dev.stepwise.launch.LaunchContext;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.spec.ProviderSpec;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.spec.ServiceSpec;
import dev.stepwise.strategy.CanaryStrategy;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracks of a launched spec set up with {@link TrackBootstrap}: the {@code -primary} (and
 * baseline) Deployment and the Services {@code spec.service} names, created when missing
 * ({@link BootstrapMode#CREATE}, the default) or required (the environment's
 * {@link BootstrapMode}). A mesh that addresses the tracks as subsets of the apex Service (Istio,
 * Kuma's subsets and TrafficRoute) needs an apex selecting every track's pods: the labels of the
 * target's pod template other than its selector label and the version label; without such a label
 * the apex cannot be created and the launch fails saying so.
 */
public final class SpecBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(SpecBootstrap.class);

    private SpecBootstrap() {
    }

    /**
     * Sets up the tracks of the launched spec; without {@code spec.service} there is no port to give
     * the Services, and nothing is set up (logged).
     *
     * @return what was found and created; empty without {@code spec.service}
     * @throws TrackBootstrapException when something is missing that cannot be created, or does not fit
     */
    public static Optional<BootstrapRecord> ensure(KubernetesClient client, LaunchContext context) {
        RolloutSpec spec = context.spec();
        String target = spec.target().name();
        Optional<ServiceSpec> service = spec.service();
        if (service.isEmpty()) {
            LOG.info("rollout {}/{}: no spec.service, so the track Deployments and Services of {} are neither"
                    + " checked nor created", context.namespace(), spec.metadata().name(), target);
            return Optional.empty();
        }
        BootstrapMode mode = context.environment().service(BootstrapMode.class).orElse(BootstrapMode.CREATE);
        TrackBootstrapBuilder builder = TrackBootstrap.builder(client, context.namespace(), target)
                .service(service.get()).mode(mode)
                .baseline(spec.strategy() instanceof CanaryStrategy canary && canary.baseline());
        if (subsets(spec) && mode == BootstrapMode.CREATE) {
            apexSelector(client, context, service.get()).ifPresent(builder::apexSelector);
        }
        BootstrapRecord record = builder.build().ensure();
        LOG.info("rollout {}/{}: tracks of Deployment {} ready: {}", context.namespace(), spec.metadata().name(),
                target, record);
        return Optional.of(record);
    }

    /** Whether the spec's mesh tells the tracks apart as subsets (version label) of the apex Service. */
    static boolean subsets(RolloutSpec spec) {
        return spec.provider().map(p -> p instanceof ProviderSpec.Istio
                || p instanceof ProviderSpec.Kuma kuma && kuma.trackAddressing() == ProviderSpec.Kuma.Addressing.SUBSETS)
                .orElse(false);
    }

    /**
     * The apex selector a subset mesh needs when the apex Service is missing: the target's pod labels
     * shared by every track (all but the selector label and the version label).
     */
    private static Optional<Map<String, String>> apexSelector(KubernetesClient client, LaunchContext context,
                                                              ServiceSpec service) {
        String namespace = context.namespace();
        String target = context.spec().target().name();
        if (client.services().inNamespace(namespace).withName(service.name()).get() != null) {
            return Optional.empty();
        }
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(target).get();
        if (deployment == null) {
            return Optional.empty(); // TrackBootstrap says the target is missing
        }
        Map<String, String> shared = new LinkedHashMap<>(DerivedDeployments.podLabels(deployment));
        DerivedDeployments.matchLabels(deployment).keySet().forEach(shared::remove);
        shared.remove(RouteTarget.DEFAULT_VERSION_LABEL);
        if (shared.isEmpty()) {
            String provider = context.spec().provider().map(ProviderSpec::name).orElse("");
            throw new TrackBootstrapException("cannot set up the tracks of Deployment " + namespace + "/" + target,
                    List.of("spec.provider: " + provider + " routes to the tracks as subsets of Service " + service.name()
                            + ", which must select every track's pods; the pod template of Deployment " + target
                            + " has no label besides " + DerivedDeployments.matchLabels(deployment).keySet()
                            + " and " + RouteTarget.DEFAULT_VERSION_LABEL + " for it to select: add one (e.g."
                            + " app.kubernetes.io/name: " + target + "), or create Service " + service.name()
                            + " yourself"));
        }
        return Optional.of(shared);
    }
}
