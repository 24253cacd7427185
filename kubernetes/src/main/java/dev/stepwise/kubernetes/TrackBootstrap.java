package dev.stepwise.kubernetes;

import static dev.stepwise.kubernetes.internal.DerivedDeployments.podLabels;

import dev.stepwise.kubernetes.internal.BootstrapPlan;
import dev.stepwise.kubernetes.internal.Clients;
import dev.stepwise.kubernetes.internal.DerivedDeployments;
import dev.stepwise.kubernetes.internal.Retrying;
import dev.stepwise.kubernetes.internal.TrackServices;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.traffic.Track;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up what a rollout of a Deployment needs beside the Deployment itself, as Flagger does when
 * a Canary is first seen: the stable Deployment {@code <target>-primary}, a baseline Deployment
 * {@code <target>-baseline} when the rollout has a baseline, and the ClusterIP Services: the apex
 * (the one clients call) and one per track. See {@link TrackBootstrapBuilder} for the names and
 * defaults.
 *
 * <p><b>What is created</b> ({@link BootstrapMode#CREATE}):
 * <ul>
 *   <li>the stable Deployment: the target's spec (pod template, strategy, ...) with the target's
 *       selector label's value suffixed ({@code app: podinfo} becomes {@code app: podinfo-primary})
 *       in its selector and pod labels, the version label set to the stable value (as
 *       {@link DeploymentWorkload} expects), and the target's replicas (1 when it has none);</li>
 *   <li>the baseline Deployment likewise ({@code app: podinfo-baseline}, version {@code baseline}) at 0
 *       replicas: the workload scales it;</li>
 *   <li>Services with one TCP port {@code portName}: {@code port} to {@code targetPort}: the apex
 *       selecting the stable pods (Flagger's choice; see {@link TrackBootstrapBuilder#apexSelector}),
 *       the stable Service {@code app: podinfo-primary}, the canary Service {@code app: podinfo}, the
 *       baseline Service {@code app: podinfo-baseline}.</li>
 * </ul>
 * Everything created is labelled {@code app.kubernetes.io/managed-by: stepwise} and annotated
 * {@code stepwise.dev/bootstrapped-from: <target>}. It has no owner reference unless one is given
 * with {@link TrackBootstrapBuilder#owner}: owned by the target, the stable Deployment that serves
 * all traffic would be deleted with the target (a GitOps tool's delete-and-recreate is enough);
 * Flagger makes its Canary resource the owner, and a Stepwise {@code Rollout} resource would be.
 *
 * <p><b>Never overwrites.</b> What exists is checked, not changed: a Service must select the track's
 * pods and no other track's (the apex: the stable pods) and have {@code port} with {@code targetPort};
 * a derived Deployment must not select the target's pods and its pods must carry the track's version
 * label. Each misfit is a problem naming the resource, the field and what it should be. All problems
 * (and with {@link BootstrapMode#REQUIRE} every missing resource, with kind, name, selector and port)
 * are thrown together in one {@link TrackBootstrapException} before anything is created.
 *
 * <p>Transient API failures are retried as {@link KubernetesManifestSink} retries them; a 409 on a
 * create (another writer created it meanwhile) reads the resource and checks it instead of failing.
 * Each creation is logged at INFO.
 */
public final class TrackBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(TrackBootstrap.class);

    private final KubernetesClient client;
    private final TrackBootstrapBuilder config;
    private final Retrying retrying;
    private final DerivedDeployments derived;
    private final TrackServices services;

    TrackBootstrap(TrackBootstrapBuilder config) {
        this.client = Clients.withoutRetries(config.client);
        this.config = config;
        this.retrying = new Retrying(config.attempts, KubernetesManifestSink.DEFAULT_INITIAL_BACKOFF, config.sleeper);
        this.derived = new DerivedDeployments(client.getKubernetesSerialization());
        this.services = new TrackServices(config.port, config.targetPort(), config.portName);
    }

    /**
     * A builder for the tracks of the Deployment {@code target} in {@code namespace}; see
     * {@link TrackBootstrapBuilder} for the defaults.
     */
    public static TrackBootstrapBuilder builder(KubernetesClient client, String namespace, String target) {
        return new TrackBootstrapBuilder(client, namespace, target);
    }

    /**
     * Makes sure every track resource exists and fits, creating the missing ones
     * ({@link BootstrapMode#CREATE}) or failing with what to create ({@link BootstrapMode#REQUIRE}).
     * Idempotent: once everything exists, a call only reads.
     *
     * @return what was found and created, in order
     * @throws TrackBootstrapException when the target is missing, something existing does not fit,
     *                                 or (REQUIRE) something is missing; nothing is created then
     * @throws KubernetesRequestException when the API server fails for good
     */
    public BootstrapRecord ensure() {
        ResourceRef targetRef = deploymentRef(config.target);
        Deployment target = readDeployment(targetRef);
        String summary = "cannot set up the tracks of Deployment " + config.namespace + "/" + config.target;
        if (target == null) {
            throw new TrackBootstrapException(summary, List.of("the target " + targetRef
                    + " does not exist; create it first: it runs the canary track"));
        }
        String label = DerivedDeployments.selectorLabel(target, config.selectorLabel).orElseThrow(() ->
                new TrackBootstrapException(summary, List.of(targetRef + ": spec.selector.matchLabels "
                        + DerivedDeployments.matchLabels(target) + " has no label "
                        + (config.selectorLabel == null ? "of " + DerivedDeployments.SELECTOR_LABELS
                        : config.selectorLabel) + "; the track Deployments and Services are told apart by it")));
        String value = Objects.requireNonNull(DerivedDeployments.matchLabels(target).get(label));
        BootstrapPlan plan = plan(target, label, value);
        List<String> problems = new ArrayList<>(plan.problems());
        if (config.mode == BootstrapMode.REQUIRE) {
            problems.addAll(plan.toCreate());
        }
        if (!problems.isEmpty()) {
            throw new TrackBootstrapException(summary, problems);
        }
        List<BootstrapRecord.Entry> entries = new ArrayList<>();
        for (BootstrapPlan.Step step : plan.steps()) {
            entries.add(new BootstrapRecord.Entry(step.ref(), step.exists() ? BootstrapRecord.Outcome.FOUND
                    : create(step, summary)));
        }
        return new BootstrapRecord(entries);
    }

    private BootstrapPlan plan(Deployment target, String label, String value) {
        BootstrapPlan plan = new BootstrapPlan();
        Map<Track, Map<String, String>> pods = new EnumMap<>(Track.class);
        pods.put(Track.CANARY, podLabels(target));
        Map<Track, Map<String, String>> selectors = new EnumMap<>(Track.class);
        selectors.put(Track.CANARY, Map.of(label, value));
        for (Track track : deploymentTracks()) {
            Map<String, String> selector = Map.of(label, value + "-" + suffix(track));
            selectors.put(track, selector);
            pods.put(track, planDeployment(plan, target, track, selector));
        }
        Map<String, String> stablePods = at(pods, Track.STABLE);
        Map<String, String> apex = config.apexSelector == null ? at(selectors, Track.STABLE) : config.apexSelector;
        if (!DerivedDeployments.selects(apex, stablePods)) {
            plan.problem("apexSelector " + apex + " does not select the stable pods " + stablePods
                    + "; it should select at least those");
        }
        planService(plan, target, config.apexService, apex, stablePods, Map.of());
        for (Track track : serviceTracks()) {
            Map<String, Map<String, String>> others = new LinkedHashMap<>();
            pods.forEach((other, labels) -> {
                if (other != track) {
                    others.put("the " + other + " track", labels);
                }
            });
            planService(plan, target, config.serviceOf(track), at(selectors, track), at(pods, track), others);
        }
        return plan;
    }

    private static <V> V at(Map<Track, V> map, Track track) {
        return Objects.requireNonNull(map.get(track), track::toString);
    }

    /** Plans the track's Deployment; returns the labels its pods have (or will have). */
    private Map<String, String> planDeployment(BootstrapPlan plan, Deployment target, Track track,
                                               Map<String, String> selector) {
        ResourceRef ref = deploymentRef(config.deploymentOf(track));
        String version = config.versionOf(track);
        Deployment existing = readDeployment(ref);
        Function<HasMetadata, List<String>> check = d -> DerivedDeployments.check((Deployment) d,
                ref.toString(), target, selector, config.versionLabel, version);
        if (existing != null) {
            plan.found(ref, existing, check);
            return podLabels(existing);
        }
        int replicas = track == Track.STABLE ? Math.max(1, Objects.requireNonNullElse(target.getSpec().getReplicas(), 1)) : 0;
        Deployment desired = derived.derive(target, ref.name(), selector, config.versionLabel, version, replicas,
                config.owner);
        plan.missing(ref, desired, "a copy of " + deploymentRef(config.target) + " with spec.selector.matchLabels "
                + selector + ", pod labels " + selector + " and " + config.versionLabel + "=" + version + ", "
                + replicas + (replicas == 1 ? " replica" : " replicas"), check);
        return podLabels(desired);
    }

    private void planService(BootstrapPlan plan, Deployment target, String name, Map<String, String> selector,
                             Map<String, String> pods, Map<String, Map<String, String>> others) {
        ResourceRef ref = new ResourceRef("v1", "Service", config.namespace, name);
        Service existing = read(ref, () -> client.services().inNamespace(config.namespace).withName(name).get());
        Function<HasMetadata, List<String>> check = s -> services.check((Service) s,
                ref.toString(), pods, others, selector);
        if (existing != null) {
            plan.found(ref, existing, check);
            return;
        }
        plan.missing(ref, services.create(name, target, selector, config.owner), "type ClusterIP, selector "
                + selector + ", port " + services.describePort(), check);
    }

    private BootstrapRecord.Outcome create(BootstrapPlan.Step step, String summary) {
        try {
            retrying.call(step.ref(), "create", () -> client.resource(step.desired()).create());
            LOG.info("created {} for Deployment {}/{}: {}", step.ref(), config.namespace, config.target,
                    step.description());
            return BootstrapRecord.Outcome.CREATED;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw new KubernetesRequestException(step.ref(), "create", Math.max(e.getCode(), 0), 1, e);
            }
        }
        HasMetadata appeared = step.ref().kind().equals("Service")
                ? read(step.ref(), () -> client.services().inNamespace(config.namespace).withName(step.ref().name()).get())
                : readDeployment(step.ref());
        if (appeared == null) {
            throw new TrackBootstrapException(summary, List.of(step.ref() + " was reported as existing (409) but"
                    + " cannot be read; try again"));
        }
        List<String> problems = step.check().apply(appeared);
        if (!problems.isEmpty()) {
            throw new TrackBootstrapException(summary + " (another writer created " + step.ref().name()
                    + " meanwhile)", problems);
        }
        LOG.info("{} was created by another writer meanwhile, and fits", step.ref());
        return BootstrapRecord.Outcome.FOUND;
    }

    private List<Track> deploymentTracks() {
        return config.baseline ? List.of(Track.STABLE, Track.BASELINE) : List.of(Track.STABLE);
    }

    private List<Track> serviceTracks() {
        return config.baseline ? List.of(Track.STABLE, Track.CANARY, Track.BASELINE)
                : List.of(Track.STABLE, Track.CANARY);
    }

    private static String suffix(Track track) {
        return track == Track.STABLE ? "primary" : track.label();
    }

    private @Nullable Deployment readDeployment(ResourceRef ref) {
        return read(ref, () -> client.apps().deployments().inNamespace(config.namespace).withName(ref.name()).get());
    }

    private <T> @Nullable T read(ResourceRef ref, Supplier<@Nullable T> get) {
        return retrying.call(ref, "read", get);
    }

    private ResourceRef deploymentRef(String name) {
        return new ResourceRef("apps/v1", "Deployment", config.namespace, name);
    }

    @Override
    public String toString() {
        return "TrackBootstrap[" + config + "]";
    }
}
