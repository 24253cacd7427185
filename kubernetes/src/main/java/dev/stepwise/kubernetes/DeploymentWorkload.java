package dev.stepwise.kubernetes;

import dev.stepwise.spi.Sleeper;
import dev.stepwise.kubernetes.internal.Clients;
import dev.stepwise.kubernetes.internal.PodTemplates;
import dev.stepwise.kubernetes.internal.Retrying;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.spi.Workload;
import dev.stepwise.traffic.Track;
import dev.stepwise.validation.InvalidValueException;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Workload} of Deployments, named as Flagger names them: the stable track is
 * {@code <name>-primary}, the canary is the user's {@code <name>}, and an optional baseline is
 * {@code <name>-baseline} (no such Deployment: the rollout has no baseline track).
 *
 * <p><b>Desired replicas</b> are {@link Builder#replicas(int)} when set; otherwise the stable
 * Deployment's {@code spec.replicas} when first read, remembered in its annotation
 * {@value #DESIRED_REPLICAS_ANNOTATION}, so that after scaling to 0 and back the number is known.
 * {@link #scale} sets a track to {@code ceil(desired * percent / 100)} replicas.
 *
 * <p><b>Revision</b>: a short hash of the canary's pod template, its keys sorted, so the same template
 * always gives the same revision. {@link #promote} refuses a revision that is not the canary's, and
 * copies the canary's template to stable keeping stable's selector labels and its version label
 * ({@value RouteTarget#DEFAULT_VERSION_LABEL}={@code stable} by default), so the mesh's subsets keep
 * selecting the right pods.
 *
 * <p>Every write is an update at the resourceVersion just read; on 409 the Deployment is read again
 * and the change re-made, at most {@link Builder#conflictAttempts} times. Writes that would change
 * nothing are not made. Transient API failures are retried as {@link KubernetesManifestSink} does.
 */
public final class DeploymentWorkload implements Workload {

    /** Annotation on the stable Deployment remembering the desired replicas. */
    public static final String DESIRED_REPLICAS_ANNOTATION = "stepwise.dev/desired-replicas";

    /** Read-change-write attempts against other writers, by default. */
    public static final int DEFAULT_CONFLICT_ATTEMPTS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentWorkload.class);

    private final KubernetesClient client;
    private final String namespace;
    private final Map<Track, String> deployments;
    private final String versionLabel;
    private final Map<Track, String> versions;
    private final @Nullable Integer replicas;
    private final int conflictAttempts;
    private final Retrying retrying;
    private final PodTemplates templates;

    private DeploymentWorkload(Builder b) {
        this.client = Clients.withoutRetries(b.client);
        this.namespace = b.namespace;
        this.deployments = Map.copyOf(b.deployments);
        this.versionLabel = b.versionLabel;
        this.versions = Map.copyOf(b.versions);
        this.replicas = b.replicas;
        this.conflictAttempts = b.conflictAttempts;
        this.retrying = new Retrying(b.attempts, KubernetesManifestSink.DEFAULT_INITIAL_BACKOFF, b.sleeper);
        this.templates = new PodTemplates(client.getKubernetesSerialization());
    }

    /**
     * A builder for the Deployments of {@code name} in {@code namespace}; see {@link Builder} for
     * the defaults.
     */
    public static Builder builder(KubernetesClient client, String namespace, String name) {
        return new Builder(client, namespace, name);
    }

    @Override
    public String canaryRevision() {
        return templates.revision(require(Track.CANARY));
    }

    @Override
    public void scale(Track track, int percent) {
        InvalidValueException.requireNonNull("track", track);
        InvalidValueException.requireBetween("percent", percent, 0, 100);
        require(track);
        int desired = desiredReplicas();
        int wanted = (int) Math.ceil(desired * percent / 100.0);
        edit(track, d -> {
            d.getSpec().setReplicas(wanted);
            return d;
        });
        LOG.debug("{} scaled to {}% of {}: {} replicas", ref(track), percent, desired, wanted);
    }

    @Override
    public Set<Track> readyTracks() {
        Set<Track> ready = EnumSet.noneOf(Track.class);
        for (Track track : Track.values()) {
            Deployment d = get(track);
            if (d != null && PodTemplates.isReady(d)) {
                ready.add(track);
            }
        }
        return ready;
    }

    @Override
    public void promote(String revision) {
        InvalidValueException.requireNonNull("revision", revision);
        Deployment canary = require(Track.CANARY);
        String actual = templates.revision(canary);
        if (!actual.equals(revision)) {
            throw new IllegalStateException("refusing to promote revision " + revision + ": " + ref(Track.CANARY)
                    + " runs revision " + actual + " now");
        }
        edit(Track.STABLE, stable -> {
            String stableVersion = Objects.requireNonNull(versions.get(Track.STABLE));
            stable.getSpec().setTemplate(templates.promoted(canary, stable, versionLabel, stableVersion));
            return stable;
        });
        LOG.info("promoted revision {} of {} to {}", revision, ref(Track.CANARY), ref(Track.STABLE));
    }

    /** The desired replicas: configured, remembered on the stable Deployment, or its spec.replicas (then remembered). */
    int desiredReplicas() {
        if (replicas != null) {
            return replicas;
        }
        Deployment stable = require(Track.STABLE);
        Map<String, String> annotations = stable.getMetadata().getAnnotations();
        String remembered = annotations == null ? null : annotations.get(DESIRED_REPLICAS_ANNOTATION);
        if (remembered != null) {
            try {
                return InvalidValueException.requireAtLeast(DESIRED_REPLICAS_ANNOTATION, Integer.parseInt(remembered), 0);
            } catch (NumberFormatException e) {
                throw new InvalidValueException(ref(Track.STABLE) + " annotation " + DESIRED_REPLICAS_ANNOTATION,
                        "\"" + remembered + "\"", "must be a whole number of replicas, at least 0");
            }
        }
        int desired = PodTemplates.replicas(stable);
        edit(Track.STABLE, d -> {
            d.getMetadata().getAnnotations().putIfAbsent(DESIRED_REPLICAS_ANNOTATION, Integer.toString(desired));
            return d;
        });
        return desired;
    }

    /** Reads the track's Deployment, changes it and writes it at the version read; again on 409. */
    private void edit(Track track, UnaryOperator<Deployment> change) {
        for (int attempt = 1; ; attempt++) {
            Deployment current = copy(require(track));
            Deployment changed = change.apply(copy(current));
            if (changed.equals(current)) {
                return;
            }
            try {
                retrying.call(ref(track), "update", () -> client.apps().deployments().inNamespace(namespace)
                        .resource(changed).update());
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= conflictAttempts) {
                    throw new KubernetesRequestException(ref(track), "update", Math.max(e.getCode(), 0), attempt, e);
                }
                LOG.debug("{} changed under us; reading it again (attempt {} of {})", ref(track), attempt + 1,
                        conflictAttempts);
            }
        }
    }

    private Deployment copy(Deployment d) {
        Deployment copy = client.getKubernetesSerialization().clone(d);
        if (copy.getMetadata().getAnnotations() == null) {
            copy.getMetadata().setAnnotations(new LinkedHashMap<>());
        }
        return copy;
    }

    private Deployment get(Track track) {
        return retrying.call(ref(track), "read", () -> client.apps().deployments().inNamespace(namespace)
                .withName(deployments.get(track)).get());
    }

    private Deployment require(Track track) {
        Deployment d = get(track);
        if (d == null) {
            throw new IllegalStateException("the " + track + " track's Deployment " + namespace + "/"
                    + deployments.get(track) + " does not exist");
        }
        return d;
    }

    private ResourceRef ref(Track track) {
        return new ResourceRef("apps/v1", "Deployment", namespace, Objects.requireNonNull(deployments.get(track)));
    }

    @Override
    public String toString() {
        return "DeploymentWorkload[" + namespace + ", " + new EnumMap<>(deployments) + ", " + versionLabel + " "
                + new EnumMap<>(versions) + ", replicas " + (replicas == null ? "from stable" : replicas) + "]";
    }

    /**
     * Builds a {@link DeploymentWorkload}. Defaults, as Flagger names things: Deployments
     * {@code <name>-primary} (stable), {@code <name>} (canary), {@code <name>-baseline} (baseline);
     * version label {@value RouteTarget#DEFAULT_VERSION_LABEL} with values {@code stable},
     * {@code canary}, {@code baseline} (as {@link RouteTarget}'s defaults); desired replicas from the
     * stable Deployment; {@value #DEFAULT_CONFLICT_ATTEMPTS} conflict attempts; 3 attempts on
     * transient failures, real sleeping.
     */
    public static final class Builder {
        private final KubernetesClient client;
        private final String namespace;
        private final Map<Track, String> deployments = new EnumMap<>(Track.class);
        private final Map<Track, String> versions = new EnumMap<>(Track.class);
        private String versionLabel = RouteTarget.DEFAULT_VERSION_LABEL;
        private @Nullable Integer replicas;
        private int conflictAttempts = DEFAULT_CONFLICT_ATTEMPTS;
        private int attempts = KubernetesManifestSink.DEFAULT_ATTEMPTS;
        private Sleeper sleeper = Sleeper.REAL;

        private Builder(KubernetesClient client, String namespace, String name) {
            this.client = InvalidValueException.requireNonNull("client", client);
            this.namespace = dnsName("namespace", namespace);
            dnsName("name", name);
            deployments.put(Track.STABLE, name + "-primary");
            deployments.put(Track.CANARY, name);
            deployments.put(Track.BASELINE, name + "-baseline");
            for (Track track : Track.values()) {
                versions.put(track, track.label());
            }
        }

        /** The Deployment of {@code track}. */
        public Builder deployment(Track track, String name) {
            deployments.put(InvalidValueException.requireNonNull("track", track), dnsName("deployment." + track, name));
            return this;
        }

        /** The pod label telling the tracks apart; default {@value RouteTarget#DEFAULT_VERSION_LABEL}. */
        public Builder versionLabel(String label) {
            this.versionLabel = InvalidValueException.requireNonNull("versionLabel", label);
            return this;
        }

        /** The version label's value on {@code track}'s pods; default the track's name. */
        public Builder version(Track track, String value) {
            versions.put(InvalidValueException.requireNonNull("track", track),
                    InvalidValueException.requireNonNull("version." + track, value));
            return this;
        }

        /** Desired replicas, 0..10000; default: the stable Deployment's, remembered in an annotation. */
        public Builder replicas(int replicas) {
            this.replicas = InvalidValueException.requireBetween("replicas", replicas, 0, 10_000);
            return this;
        }

        /** Read-change-write attempts when another writer changes a Deployment in between, 1..100; default 5. */
        public Builder conflictAttempts(int attempts) {
            this.conflictAttempts = InvalidValueException.requireBetween("conflictAttempts", attempts, 1, 100);
            return this;
        }

        /** Attempts per call while it fails transiently, 1..20; default 3. */
        public Builder attempts(int attempts) {
            this.attempts = InvalidValueException.requireBetween("attempts", attempts, 1, 20);
            return this;
        }

        /** How to wait between attempts; default {@link Sleeper#REAL}. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = InvalidValueException.requireNonNull("sleeper", sleeper);
            return this;
        }

        public DeploymentWorkload build() {
            if (deployments.values().stream().distinct().count() < deployments.size()) {
                throw new InvalidValueException("deployments", deployments, "must name a different Deployment for each track");
            }
            if (versions.values().stream().distinct().count() < versions.size()) {
                throw new InvalidValueException("versions", versions, "must give each track a different " + versionLabel);
            }
            return new DeploymentWorkload(this);
        }

        private static String dnsName(String field, String value) {
            if (value == null || !value.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
                throw new InvalidValueException(field, value, "must be a DNS-1123 label (a-z, 0-9, '-', at most 63)");
            }
            return value;
        }
    }
}
