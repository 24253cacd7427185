package dev.stepwise.kubernetes;

import dev.stepwise.spi.Sleeper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.kubernetes.internal.ApiFailure;
import dev.stepwise.kubernetes.internal.Clients;
import dev.stepwise.kubernetes.internal.Resources;
import dev.stepwise.kubernetes.internal.Retrying;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.ManifestConflictException;
import dev.stepwise.mesh.ManifestSink;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.validation.InvalidValueException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ManifestSink} on the Kubernetes API server, for resources of any kind (custom resources
 * need their CRD installed: the client finds a kind's plural and scope by API discovery).
 *
 * <p><b>Writes are compare-and-set</b> ({@link WriteMode#UPDATE}, the default): a manifest without
 * {@code metadata.resourceVersion} is created, and HTTP 409 (it exists already) is a
 * {@link ManifestConflictException}; one with a resourceVersion replaces exactly that version, and
 * 409 (changed since) or 404 (deleted since) is a {@link ManifestConflictException}. With
 * {@link WriteMode#SERVER_SIDE_APPLY} the manifest is applied with field manager
 * {@value #FIELD_MANAGER}, never forced; a 409 is again a conflict.
 *
 * <p><b>Transient failures are retried</b>: 429, 500, 502, 503, 504 and I/O errors (timeouts) are
 * tried again up to {@code attempts} times, waiting {@code initialBackoff}, then twice as long each
 * time; then a {@link KubernetesRequestException} names the resource, the status and the attempts.
 * Any other status is a {@link KubernetesRequestException} at once. Reads are retried the same way.
 * The client's own retries are switched off for the calls made here, so that these are the only ones.
 *
 * <p>Thread-safe when the client is (fabric8's is).
 */
public final class KubernetesManifestSink implements ManifestSink {

    /** The field manager of server-side apply. */
    public static final String FIELD_MANAGER = "stepwise";
    /** Attempts per call, by default. */
    public static final int DEFAULT_ATTEMPTS = 3;
    /** Wait before the second attempt, by default; doubled before each further one. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesManifestSink.class);

    private final Resources resources;
    private final Retrying retrying;
    private final WriteMode mode;
    /** What the API server returned for each of our writes not read since; see {@link #readBack}. */
    private final Map<ResourceRef, Manifest> written = new ConcurrentHashMap<>();

    private KubernetesManifestSink(Builder builder) {
        this.resources = new Resources(Clients.withoutRetries(builder.client));
        this.retrying = new Retrying(builder.attempts, builder.initialBackoff, builder.sleeper);
        this.mode = builder.mode;
    }

    /** A builder on {@code client}; see {@link Builder} for the defaults. */
    public static Builder builder(KubernetesClient client) {
        return new Builder(client);
    }

    /** A sink on {@code client} with every default. */
    public static KubernetesManifestSink of(KubernetesClient client) {
        return builder(client).build();
    }

    @Override
    public List<Manifest> read(List<ResourceRef> refs) {
        InvalidValueException.requireNonNull("refs", refs);
        written.keySet().removeAll(refs);
        return read(refs, ref -> Optional.empty());
    }

    /**
     * {@inheritDoc} A resource this sink wrote since it last read it is answered, once, with the
     * object the API server returned for that write (the stored object, with its new
     * resourceVersion), without a request; the others are read like {@link #read}.
     */
    @Override
    public List<Manifest> readBack(List<ResourceRef> refs) {
        InvalidValueException.requireNonNull("refs", refs);
        return read(refs, ref -> Optional.ofNullable(written.remove(ref)));
    }

    private List<Manifest> read(List<ResourceRef> refs, Function<ResourceRef, Optional<Manifest>> known) {
        List<Manifest> found = new ArrayList<>();
        for (ResourceRef ref : refs) {
            Optional<Manifest> confirmed = known.apply(ref);
            if (confirmed.isPresent()) {
                found.add(confirmed.get());
                continue;
            }
            GenericKubernetesResource resource = retrying.call(ref, "read",
                    () -> orThrow(ref, "read", () -> resources.named(ref).get()));
            if (resource != null) {
                found.add(resources.toManifest(resource));
            }
        }
        return found;
    }

    @Override
    public void write(List<Manifest> manifests) {
        InvalidValueException.requireNonNull("manifests", manifests);
        for (Manifest manifest : manifests) {
            write(manifest);
        }
    }

    private void write(Manifest manifest) {
        ResourceRef ref = manifest.ref();
        String version = manifest.resourceVersion();
        String operation = mode == WriteMode.SERVER_SIDE_APPLY ? "server-side apply"
                : version.isEmpty() ? "create" : "update";
        written.remove(ref);
        GenericKubernetesResource stored;
        try {
            stored = retrying.call(ref, operation, () -> send(manifest));
        } catch (KubernetesClientException e) {
            throw interpret(e, ref, operation, version);
        }
        if (stored != null) {
            written.put(ref, resources.toManifest(stored));
        }
        LOG.debug("{} of {} done", operation, ref);
    }

    private GenericKubernetesResource send(Manifest manifest) {
        ResourceRef ref = manifest.ref();
        if (mode == WriteMode.SERVER_SIDE_APPLY) {
            ObjectNode tree = manifest.json();
            // the API server refuses an apply that carries managedFields
            ((ObjectNode) tree.path("metadata")).remove("managedFields");
            return resources.of(ref).resource(resources.toResource(tree)).fieldManager(FIELD_MANAGER).serverSideApply();
        }
        GenericKubernetesResource resource = resources.toResource(manifest);
        return manifest.resourceVersion().isEmpty() ? resources.of(ref).resource(resource).create()
                : resources.of(ref).resource(resource).update();
    }

    /** A refusal of the API server as the sink's contract says it: a conflict, or a failure. */
    private RuntimeException interpret(KubernetesClientException e, ResourceRef ref, String operation, String version) {
        int status = ApiFailure.status(e);
        if (status == 409) {
            String detail = mode == WriteMode.SERVER_SIDE_APPLY ? "server-side apply conflict (HTTP 409: " + message(e) + ")"
                    : version.isEmpty() ? "it exists already (HTTP 409 on create)"
                    : "resourceVersion " + version + " is no longer current (HTTP 409 on update)";
            return new ManifestConflictException(ref, detail);
        }
        if (status == 404 && !version.isEmpty()) {
            return new ManifestConflictException(ref, "deleted since resourceVersion " + version + " was read (HTTP 404)");
        }
        return new KubernetesRequestException(ref, operation, status, 1, e);
    }

    private static <T> T orThrow(ResourceRef ref, String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            if (ApiFailure.isTransient(e)) {
                throw e;
            }
            throw new KubernetesRequestException(ref, operation, ApiFailure.status(e), 1, e);
        }
    }

    private static String message(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : "Conflict";
    }

    @Override
    public String toString() {
        return "KubernetesManifestSink[" + mode + ", " + retrying.attempts() + " attempts, backoff from "
                + retrying.initialBackoff().toMillis() + " ms]";
    }

    /**
     * Builds a {@link KubernetesManifestSink}. Defaults: {@link WriteMode#UPDATE},
     * {@value #DEFAULT_ATTEMPTS} attempts, an initial backoff of 200 ms, real sleeping.
     */
    public static final class Builder {
        private final KubernetesClient client;
        private WriteMode mode = WriteMode.UPDATE;
        private int attempts = DEFAULT_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Sleeper sleeper = Sleeper.REAL;

        private Builder(KubernetesClient client) {
            this.client = InvalidValueException.requireNonNull("client", client);
        }

        /** How to write; default {@link WriteMode#UPDATE}. */
        public Builder writeMode(WriteMode mode) {
            this.mode = InvalidValueException.requireNonNull("writeMode", mode);
            return this;
        }

        /** Attempts per call while it fails transiently, 1..20; default {@value #DEFAULT_ATTEMPTS}. */
        public Builder attempts(int attempts) {
            this.attempts = InvalidValueException.requireBetween("attempts", attempts, 1, 20);
            return this;
        }

        /** Wait before the second attempt, 0..1 minute, doubled before each further one; default 200 ms. */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = checkBackoff(initialBackoff);
            return this;
        }

        static Duration checkBackoff(Duration initialBackoff) {
            InvalidValueException.requireNonNull("initialBackoff", initialBackoff);
            if (initialBackoff.isNegative() || initialBackoff.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new InvalidValueException("initialBackoff", initialBackoff, "must be between 0 and 1 minute");
            }
            return initialBackoff;
        }

        /** How to wait between attempts; default {@link Sleeper#REAL}. Tests pass one that records. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = InvalidValueException.requireNonNull("sleeper", sleeper);
            return this;
        }

        public KubernetesManifestSink build() {
            return new KubernetesManifestSink(this);
        }
    }
}
