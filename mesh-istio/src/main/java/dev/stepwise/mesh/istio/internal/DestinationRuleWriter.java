package dev.stepwise.mesh.istio.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.traffic.Track;
import dev.stepwise.validation.InvalidValueException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Writes and checks the DestinationRule's track subsets. Stepwise owns the subsets named after
 * the tracks (all three, always: they depend on the target only, so the DestinationRule does not
 * change from step to step) and, within them, their {@code labels}; and the rule's {@code host}.
 * The user's trafficPolicy, other subsets, a track subset's own trafficPolicy, metadata and the
 * position of each subset are kept.
 */
public final class DestinationRuleWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final IstioLayout layout;
    private final RouteShape shape;

    public DestinationRuleWriter(IstioLayout layout) {
        this.layout = layout;
        this.shape = new RouteShape(IstioLayout.DESTINATION_RULE + " " + layout.target().namespace() + "/"
                + layout.destinationRuleName());
    }

    public ObjectNode render(Optional<ObjectNode> existing) {
        ObjectNode resource = existing.map(this::adopt).orElseGet(this::create);
        ObjectNode spec = (ObjectNode) resource.get("spec");
        spec.put("host", layout.target().service());
        JsonNode subsets = spec.path("subsets");
        if (!subsets.isArray()) {
            throw new InvalidValueException(layout.destinationRule() + " spec.subsets", subsets,
                    "must be a list of subsets for Stepwise to add the tracks'");
        }
        for (Track track : Track.values()) {
            upsert((ArrayNode) subsets, subset(track));
        }
        return resource;
    }

    /**
     * Whether every track subset is there; throws when one is there with other labels than
     * Stepwise writes, or the rule routes another host.
     */
    public boolean hasTrackSubsets(JsonNode destinationRule) {
        JsonNode spec = destinationRule.path("spec");
        shape.text("spec.host", spec.path("host"), layout.target().service());
        for (Track track : Track.values()) {
            JsonNode subset = find(spec.path("subsets"), layout.subsetOf(track));
            if (subset == null) {
                return false;
            }
            JsonNode expected = subset(track).get("labels");
            if (!expected.equals(subset.path("labels"))) {
                throw shape.invalid("spec.subsets[" + layout.subsetOf(track) + "].labels", subset.path("labels"),
                        "must be " + expected + ", the " + track + " track's pods");
            }
        }
        return true;
    }

    private ObjectNode adopt(ObjectNode existing) {
        existing.put("apiVersion", layout.apiVersion());
        JsonNode spec = existing.path("spec");
        ObjectNode specObject = spec.isObject() ? (ObjectNode) spec : existing.putObject("spec");
        if (!specObject.has("subsets")) {
            specObject.putArray("subsets");
        }
        return existing;
    }

    private ObjectNode create() {
        ObjectNode resource = NODES.objectNode();
        resource.put("apiVersion", layout.apiVersion());
        resource.put("kind", IstioLayout.DESTINATION_RULE);
        resource.putObject("metadata").put("name", layout.destinationRuleName())
                .put("namespace", layout.target().namespace());
        ObjectNode spec = resource.putObject("spec");
        spec.put("host", layout.target().service());
        spec.putArray("subsets");
        return resource;
    }

    private ObjectNode subset(Track track) {
        ObjectNode subset = NODES.objectNode().put("name", layout.subsetOf(track));
        subset.putObject("labels").put(layout.target().versionLabel(), layout.target().versionOf(track));
        return subset;
    }

    /**
     * Sets the labels of the subset of the same name where it stands, keeping its other fields (a
     * subset's own trafficPolicy), or appends the subset.
     */
    private static void upsert(ArrayNode subsets, ObjectNode subset) {
        JsonNode existing = find(subsets, subset.get("name").asText());
        if (existing instanceof ObjectNode existingSubset) {
            existingSubset.set("labels", subset.get("labels"));
        } else {
            subsets.add(subset);
        }
    }

    private static @Nullable JsonNode find(JsonNode subsets, String name) {
        for (JsonNode subset : subsets) {
            if (subset.path("name").asText("").equals(name)) {
                return subset;
            }
        }
        return null;
    }
}
