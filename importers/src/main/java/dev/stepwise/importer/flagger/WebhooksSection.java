package dev.stepwise.importer.flagger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code spec.analysis.webhooks}: Stepwise's webhook types are Flagger's, called at the same
 * points; {@code event} hooks (told of every event) have no equivalent.
 */
final class WebhooksSection {

    private static final Set<String> TYPES = Set.of("confirm-rollout", "pre-rollout", "rollout",
            "confirm-traffic-increase", "confirm-promotion", "post-rollout", "rollback");
    private static final List<String> HANDLED = List.of("name", "type", "url", "timeout", "metadata");
    private static final Map<String, String> REASONS = Map.of(
            "muteAlert", "not carried: a spec declares no alerts yet (the Java API's Notifier has no mute)",
            "retries", "not carried: Stepwise calls a webhook once per step; a failure counts as a failed analysis");

    private WebhooksSection() {
    }

    static void translate(JsonNode webhooks, ObjectNode analysis, Findings findings) {
        ArrayNode to = analysis.putArray("webhooks");
        for (int i = 0; i < webhooks.size(); i++) {
            String path = "spec.analysis.webhooks[" + i + "]";
            JsonNode hook = webhooks.get(i);
            String type = hook.path("type").asText("rollout");
            if (!TYPES.contains(type)) {
                findings.warning(path + ".type", "\"" + type + "\" is not carried: Stepwise has no " + type
                        + " webhooks (every step is an event and a log line); the webhook is left out");
                continue;
            }
            ObjectNode converted = to.addObject();
            for (String field : HANDLED) {
                if (hook.has(field)) {
                    converted.set(field, hook.get(field));
                }
            }
            findings.unhandled(hook, path, HANDLED, REASONS);
        }
    }
}
