package dev.stepwise.operator.internal;

import dev.stepwise.operator.RolloutResource;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request the controller makes about {@code Rollout} resources, counted in {@link ApiRequests}:
 * get, status update (with the resource's {@code resourceVersion}), JSON patches guarded by a
 * {@code test} operation (optimistic concurrency without a full update), and core/v1 Events about a
 * resource. Failures are the client's {@code KubernetesClientException}s, except for Events: an
 * Event that cannot be written is logged at WARN and never affects the rollout.
 */
public final class RolloutApi {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutApi.class);
    static final String COMPONENT = "stepwise-controller";

    private final KubernetesClient client;
    private final ApiRequests requests;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    public RolloutApi(KubernetesClient client, ApiRequests requests, Clock clock) {
        this.client = client;
        this.requests = requests;
        this.clock = clock;
    }

    /** The resource as the API server has it now; null when it is gone. */
    public @Nullable GenericKubernetesResource get(String namespace, String name) {
        requests.count("rollouts", "get");
        return client.genericKubernetesResources(RolloutResource.DEFINITION).inNamespace(namespace).withName(name).get();
    }

    /** Writes {@code status} on {@code resource}'s status subresource, failing with 409 if its resourceVersion is stale. */
    public GenericKubernetesResource updateStatus(GenericKubernetesResource resource, Map<String, Object> status) {
        GenericKubernetesResource copy = client.getKubernetesSerialization().clone(resource);
        copy.setAdditionalProperty("status", status);
        requests.count("rollouts/status", "update");
        return client.genericKubernetesResources(RolloutResource.DEFINITION).inNamespace(namespace(resource))
                .resource(copy).updateStatus();
    }

    /** Applies a JSON patch (its {@code test} operations make it conditional: 422 when one fails). */
    public void patch(String namespace, String name, String jsonPatch) {
        requests.count("rollouts", "patch");
        client.genericKubernetesResources(RolloutResource.DEFINITION).inNamespace(namespace).withName(name)
                .patch(PatchContext.of(PatchType.JSON), jsonPatch);
    }

    /** Writes an Event of {@code type} ({@code Normal} or {@code Warning}) about the resource; never throws. */
    public void event(String namespace, String name, String type, String reason, String message) {
        String time = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        String eventName = String.format(Locale.ROOT, "%s.%x%04x", name, clock.millis(), sequence.incrementAndGet() & 0xffff);
        Event event = new EventBuilder().withNewMetadata().withNamespace(namespace).withName(eventName).endMetadata()
                .withNewInvolvedObject().withApiVersion(RolloutResource.API_VERSION).withKind(RolloutResource.KIND)
                .withNamespace(namespace).withName(name).endInvolvedObject()
                .withType(type).withReason(reason).withMessage(message).withCount(1)
                .withFirstTimestamp(time).withLastTimestamp(time)
                .withNewSource().withComponent(COMPONENT).endSource().withReportingComponent(COMPONENT).build();
        try {
            requests.count("events", "create");
            client.resources(Event.class).inNamespace(namespace).resource(event).create();
        } catch (RuntimeException e) {
            LOG.warn("{}/{}: could not write event {} ({}): {}", namespace, name, reason, message, e.toString());
        }
    }

    /** A JSON pointer segment for {@code key} (RFC 6901: {@code ~} and {@code /} escaped). */
    public static String pointer(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** {@code value} as a JSON string literal. */
    public static String json(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** The finalizers of {@code resource}, never null. */
    public static List<String> finalizers(GenericKubernetesResource resource) {
        List<String> f = resource.getMetadata().getFinalizers();
        return f == null ? List.of() : f;
    }

    static String namespace(GenericKubernetesResource resource) {
        return resource.getMetadata().getNamespace();
    }

    @Override
    public String toString() {
        return "RolloutApi[" + requests + "]";
    }
}
