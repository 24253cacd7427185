package dev.stepwise.kubernetes;

import dev.stepwise.spi.Sleeper;
import dev.stepwise.kubernetes.internal.ApiFailure;
import dev.stepwise.kubernetes.internal.Clients;
import dev.stepwise.kubernetes.internal.ConfigMapNames;
import dev.stepwise.kubernetes.internal.Retrying;
import dev.stepwise.kubernetes.internal.RolloutConfigMap;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.spi.StaleStateException;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.StoredRolloutJson;
import dev.stepwise.validation.InvalidValueException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StateStore} keeping each rollout in its own ConfigMap in one namespace, so rollouts
 * survive restarts of the embedding process and can be inspected with {@code kubectl}.
 *
 * <p>The ConfigMap is named {@code stepwise-<id>} (the id made a valid name, with a short hash of
 * it when that changed it or it was too long), labelled {@value #MANAGED_BY_LABEL}={@value #MANAGED_BY}
 * and {@value #STATE_LABEL}={@code "true"}, annotated {@value #ID_ANNOTATION} with the exact id, and
 * holds the record as {@link StoredRolloutJson} under {@value #JSON_KEY} and its version under
 * {@value #VERSION_KEY}.
 *
 * <p>{@link #save} is a compare-and-set on both the rollout's version and the ConfigMap's
 * {@code resourceVersion}: a creation that finds the ConfigMap exists, or an update that the API
 * server refuses with 409, re-reads it and throws {@link StaleStateException} with the version
 * found. Thread-safe; any number of processes may share the namespace.
 */
public final class ConfigMapStateStore implements StateStore {

    /** Label on every rollout ConfigMap, with value {@value #MANAGED_BY}. */
    public static final String MANAGED_BY_LABEL = RolloutConfigMap.MANAGED_BY_LABEL;
    public static final String MANAGED_BY = RolloutConfigMap.MANAGED_BY;
    /** Label on every rollout ConfigMap, with value {@code "true"}; {@link #ids()} lists by it. */
    public static final String STATE_LABEL = RolloutConfigMap.STATE_LABEL;
    /** Annotation holding the exact rollout id. */
    public static final String ID_ANNOTATION = RolloutConfigMap.ID_ANNOTATION;
    /** Data key of the record, as {@link StoredRolloutJson}. */
    public static final String JSON_KEY = RolloutConfigMap.JSON_KEY;
    /** Data key of the record's version. */
    public static final String VERSION_KEY = RolloutConfigMap.VERSION_KEY;

    private static final Logger LOG = LoggerFactory.getLogger(ConfigMapStateStore.class);
    /** Updates tried again when the ConfigMap changed but the rollout's version did not (a user's label edit). */
    private static final int UNRELATED_CHANGE_ATTEMPTS = 3;

    private final KubernetesClient client;
    private final String namespace;
    private final Retrying retrying;

    private ConfigMapStateStore(Builder builder) {
        this.client = Clients.withoutRetries(builder.client);
        this.namespace = builder.namespace;
        this.retrying = new Retrying(builder.attempts, builder.initialBackoff, builder.sleeper);
    }

    /** A builder for a store in {@code namespace}; see {@link Builder} for the defaults. */
    public static Builder builder(KubernetesClient client, String namespace) {
        return new Builder(client, namespace);
    }

    /** A store in {@code namespace} with every default. */
    public static ConfigMapStateStore of(KubernetesClient client, String namespace) {
        return builder(client, namespace).build();
    }

    @Override
    public Optional<StoredRollout> load(String id) {
        return Optional.ofNullable(read(id)).map(cm -> RolloutConfigMap.decode(id, cm));
    }

    @Override
    public StoredRollout save(StoredRollout rollout, long expectedVersion) {
        InvalidValueException.requireNonNull("rollout", rollout);
        if (expectedVersion < 0) {
            throw new InvalidValueException("expectedVersion", expectedVersion, "must be at least 0");
        }
        StoredRollout saved = rollout.withVersion(expectedVersion + 1);
        if (expectedVersion == 0) {
            create(saved);
        } else {
            update(saved, expectedVersion);
        }
        LOG.debug("saved rollout {} at version {} in ConfigMap {}/{}", saved.id(), saved.version(), namespace,
                ConfigMapNames.of(saved.id()));
        return saved;
    }

    @Override
    public List<String> ids() {
        ResourceRef all = new ResourceRef("v1", "ConfigMap", namespace, "(labelled " + STATE_LABEL + ")");
        ConfigMapList list = retrying.call(all, "list", () -> configMaps().withLabel(MANAGED_BY_LABEL, MANAGED_BY)
                .withLabel(STATE_LABEL, "true").list());
        return list.getItems().stream().map(RolloutConfigMap::id).filter(Objects::nonNull).sorted().toList();
    }

    @Override
    public void delete(String id) {
        if (read(id) != null) {
            retrying.call(ref(id), "delete", () -> configMap(id).delete());
            LOG.debug("deleted rollout {}", id);
        }
    }

    private void create(StoredRollout saved) {
        try {
            configMaps().resource(RolloutConfigMap.encode(saved, new ConfigMapBuilder().withNewMetadata()
                    .withName(ConfigMapNames.of(saved.id())).withNamespace(namespace).endMetadata().build())).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw failure(saved.id(), "create", e);
            }
            throw stale(saved.id(), 0);
        }
    }

    private void update(StoredRollout saved, long expectedVersion) {
        for (int attempt = 1; ; attempt++) {
            ConfigMap current = read(saved.id());
            long found = current == null ? -1 : RolloutConfigMap.version(current);
            if (found != expectedVersion) {
                throw new StaleStateException(saved.id(), expectedVersion, found);
            }
            try {
                // update() sends the resourceVersion just read: the API server refuses it if anything changed since
                configMaps().resource(RolloutConfigMap.encode(saved, Objects.requireNonNull(current))).update();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 && e.getCode() != 404) {
                    throw failure(saved.id(), "update", e);
                }
                if (attempt >= UNRELATED_CHANGE_ATTEMPTS) {
                    throw stale(saved.id(), expectedVersion);
                }
                LOG.debug("rollout {}: ConfigMap changed under us (HTTP {}); reading it again", saved.id(), e.getCode());
            }
        }
    }

    /** The stale-state exception for a write refused by the API server, with the version stored now. */
    private StaleStateException stale(String id, long expectedVersion) {
        ConfigMap now = read(id);
        return new StaleStateException(id, expectedVersion, now == null ? -1 : RolloutConfigMap.version(now));
    }

    /** The rollout's ConfigMap, or null; one that belongs to another id (a name collision) is an error. */
    private @Nullable ConfigMap read(String id) {
        ConfigMap cm;
        try {
            cm = retrying.call(ref(id), "read", () -> configMap(id).get());
        } catch (KubernetesClientException e) {
            throw failure(id, "read", e);
        }
        return cm == null ? null : RolloutConfigMap.requireOwner(id, cm);
    }

    private KubernetesRequestException failure(String id, String operation, KubernetesClientException e) {
        return new KubernetesRequestException(ref(id), operation + " of rollout " + id, ApiFailure.status(e), 1, e);
    }

    private ResourceRef ref(String id) {
        return new ResourceRef("v1", "ConfigMap", namespace, ConfigMapNames.of(id));
    }

    private NonNamespaceOperation<ConfigMap, ConfigMapList, Resource<ConfigMap>> configMaps() {
        return client.configMaps().inNamespace(namespace);
    }

    private Resource<ConfigMap> configMap(String id) {
        return configMaps().withName(ConfigMapNames.of(id));
    }

    @Override
    public String toString() {
        return "ConfigMapStateStore[" + namespace + ", reads tried " + retrying.attempts() + " times]";
    }

    /**
     * Builds a {@link ConfigMapStateStore}. Reads, lists and deletes that fail transiently (429,
     * 5xx, I/O timeouts) are tried again like {@link KubernetesManifestSink}'s calls; defaults
     * {@value KubernetesManifestSink#DEFAULT_ATTEMPTS} attempts, an initial backoff of 200 ms, real
     * sleeping. Writes are not retried: a write that timed out may have been stored, and the
     * engine, which holds and tries again, must first see it ({@link StaleStateException}).
     */
    public static final class Builder {
        private final KubernetesClient client;
        private final String namespace;
        private int attempts = KubernetesManifestSink.DEFAULT_ATTEMPTS;
        private Duration initialBackoff = KubernetesManifestSink.DEFAULT_INITIAL_BACKOFF;
        private Sleeper sleeper = Sleeper.REAL;

        private Builder(KubernetesClient client, String namespace) {
            this.client = InvalidValueException.requireNonNull("client", client);
            if (namespace == null || !namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
                throw new InvalidValueException("namespace", namespace,
                        "must be a Kubernetes namespace name (DNS-1123 label: a-z, 0-9, '-', at most 63)");
            }
            this.namespace = namespace;
        }

        /** Attempts per read while it fails transiently, 1..20; default 3. */
        public Builder attempts(int attempts) {
            this.attempts = InvalidValueException.requireBetween("attempts", attempts, 1, 20);
            return this;
        }

        /** Wait before the second attempt, 0..1 minute, doubled before each further one; default 200 ms. */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = KubernetesManifestSink.Builder.checkBackoff(initialBackoff);
            return this;
        }

        /** How to wait between attempts; default {@link Sleeper#REAL}. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = InvalidValueException.requireNonNull("sleeper", sleeper);
            return this;
        }

        public ConfigMapStateStore build() {
            return new ConfigMapStateStore(this);
        }
    }
}
