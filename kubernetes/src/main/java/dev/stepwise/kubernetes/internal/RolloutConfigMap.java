package dev.stepwise.kubernetes.internal;

import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.StoredRolloutJson;
import dev.stepwise.validation.InvalidValueException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One rollout in one ConfigMap: labels, the exact id in an annotation, the record as
 * {@link StoredRolloutJson} and its version. A ConfigMap that does not read back as the rollout it
 * should hold is an {@link IllegalStateException} naming it, never silently replaced.
 */
public final class RolloutConfigMap {

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "stepwise";
    public static final String STATE_LABEL = "stepwise.dev/rollout-state";
    public static final String ID_ANNOTATION = "stepwise.dev/rollout-id";
    public static final String JSON_KEY = "rollout.json";
    public static final String VERSION_KEY = "version";

    private RolloutConfigMap() {
    }

    /** {@code base} (a new ConfigMap's metadata, or the one read) holding {@code saved}. */
    public static ConfigMap encode(StoredRollout saved, ConfigMap base) {
        return new ConfigMapBuilder(base).editMetadata()
                .addToLabels(MANAGED_BY_LABEL, MANAGED_BY).addToLabels(STATE_LABEL, "true")
                .addToAnnotations(ID_ANNOTATION, saved.id()).endMetadata()
                .withData(Map.of(JSON_KEY, StoredRolloutJson.toJson(saved), VERSION_KEY, Long.toString(saved.version())))
                .build();
    }

    /** The rollout {@code cm} holds. */
    public static StoredRollout decode(String id, ConfigMap cm) {
        String json = cm.getData() == null ? null : cm.getData().get(JSON_KEY);
        if (json == null) {
            throw corrupt(cm, "has no " + JSON_KEY);
        }
        StoredRollout rollout;
        try {
            rollout = StoredRolloutJson.fromJson(json);
        } catch (InvalidValueException e) {
            throw corrupt(cm, "holds an unreadable " + JSON_KEY + " (" + e.getMessage() + ")");
        }
        if (!rollout.id().equals(id) || version(cm) != rollout.version()) {
            throw corrupt(cm, "holds rollout " + rollout.id() + " version " + rollout.version() + " but should hold "
                    + id + " version " + cm.getData().get(VERSION_KEY));
        }
        return rollout;
    }

    /** The version {@code cm} says it holds. */
    public static long version(ConfigMap cm) {
        String text = cm.getData() == null ? null : cm.getData().get(VERSION_KEY);
        try {
            return Long.parseLong(String.valueOf(text));
        } catch (NumberFormatException e) {
            throw corrupt(cm, "has " + VERSION_KEY + " \"" + text + "\", not a whole number");
        }
    }

    /** The rollout id in {@code cm}'s annotation, or null. */
    public static @Nullable String id(ConfigMap cm) {
        Map<String, String> annotations = cm.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(ID_ANNOTATION);
    }

    /** Throws unless {@code cm} belongs to {@code id}: another id is a name collision, or not Stepwise's ConfigMap. */
    public static ConfigMap requireOwner(String id, ConfigMap cm) {
        String owner = id(cm);
        if (!id.equals(owner)) {
            throw corrupt(cm, "belongs to rollout " + owner + ", not " + id + " (a name collision, or not Stepwise's)");
        }
        return cm;
    }

    private static IllegalStateException corrupt(ConfigMap cm, String problem) {
        return new IllegalStateException("ConfigMap " + cm.getMetadata().getNamespace() + "/" + cm.getMetadata().getName()
                + " " + problem + "; fix or delete it");
    }
}
