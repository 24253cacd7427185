package dev.stepwise.mesh.kuma.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kuma's legacy TrafficRoute ({@code kuma.io/v1alpha1}, cluster-scoped), the shape Flagger writes:
 * from every service ({@code kuma.io/service: '*'}, unless the user narrowed {@code spec.sources})
 * to {@code <service>_<namespace>_svc_<port>}, split by weight between destinations tagged with
 * the version label. Weights only. Stepwise manages {@code mesh}, {@code spec.destinations} and
 * {@code spec.conf.split}; labels, annotations, sources and other fields are kept.
 */
public final class TrafficRouteFlavour implements RouteFlavour {

    /** Kuma's tag naming a service. */
    static final String SERVICE_TAG = "kuma.io/service";
    private static final Set<String> SPLIT_FIELDS = Set.of("weight", "destination");

    private final RouteTarget target;
    private final ResourceRef ref;
    private final String mesh;
    private final String serviceTag;

    /** @param target must have a port: Kuma's service name contains it */
    public TrafficRouteFlavour(RouteTarget target, String mesh) {
        this.target = target;
        this.ref = new ResourceRef("kuma.io/v1alpha1", "TrafficRoute", "", routeName(target));
        this.mesh = mesh;
        this.serviceTag = Backends.kumaServiceTag(target);
    }

    /**
     * The route's name, {@code <service>-<namespace>-<routeName>}: TrafficRoutes are cluster-scoped,
     * so the namespace keeps two namespaces' services of the same name apart.
     */
    public static String routeName(RouteTarget target) {
        return target.service() + "-" + target.namespace() + "-" + target.routeName();
    }

    @Override
    public ResourceRef ref() {
        return ref;
    }

    @Override
    public RouterCapabilities capabilities() {
        return new RouterCapabilities(true, false, false, 1);
    }

    @Override
    public ObjectNode render(TrafficSplit split, Optional<ObjectNode> existing) {
        ObjectNode tree = RouteFlavour.base(ref, existing, Shape.object().put("mesh", mesh), Shape.object());
        ObjectNode spec = Shape.child(tree, "spec", "spec");
        if (!spec.has("sources")) {
            spec.putArray("sources").addObject().putObject("match").put(SERVICE_TAG, "*");
        }
        spec.set("destinations", destinations());
        ArrayNode entries = Shape.child(spec, "conf", "spec.conf").putArray("split");
        for (Track track : Track.values()) {
            if (track != Track.BASELINE || split.baseline() > 0) {
                ObjectNode entry = entries.addObject().put("weight", split.weight(track));
                entry.set("destination", destination(track));
            }
        }
        return tree;
    }

    /** Empty for a TrafficRoute with neither destinations nor a split (made by the user, not routed yet). */
    @Override
    public Optional<TrafficSplit> parse(ObjectNode resource) {
        JsonNode spec = resource.path("spec");
        if (!spec.has("destinations") && spec.path("conf").path("split").isMissingNode()) {
            // A TrafficRoute the user made before Stepwise routed anything: no split yet.
            return Optional.empty();
        }
        if (!destinations().equals(spec.path("destinations"))) {
            throw Shape.unexpected("spec.destinations", spec.path("destinations"), "must be " + destinations());
        }
        ArrayNode entries = Shape.requireArray(spec.path("conf").path("split"), "spec.conf.split");
        Map<Track, Integer> weights = new EnumMap<>(Track.class);
        for (int i = 0; i < entries.size(); i++) {
            String path = "spec.conf.split[" + i + "]";
            JsonNode entry = entries.get(i);
            Shape.requireOnlyFields(Shape.requireObject(entry, path), path, SPLIT_FIELDS);
            Track track = trackOf(entry.path("destination"), path + ".destination");
            if (weights.put(track, Shape.requireWeight(entry.path("weight"), path + ".weight")) != null) {
                throw Shape.unexpected(path, entry, "names the " + track + " track a second time");
            }
        }
        try {
            return Optional.of(new TrafficSplit(weights.getOrDefault(Track.STABLE, 0),
                    weights.getOrDefault(Track.CANARY, 0), weights.getOrDefault(Track.BASELINE, 0), List.of(), 0));
        } catch (InvalidValueException e) {
            throw Shape.unexpected("spec.conf.split", entries, "must hold whole-percent weights summing to 100 ("
                    + e.getMessage() + ")");
        }
    }

    private ArrayNode destinations() {
        ArrayNode destinations = Shape.array();
        destinations.addObject().putObject("match").put(SERVICE_TAG, serviceTag);
        return destinations;
    }

    private ObjectNode destination(Track track) {
        return Shape.object().put(SERVICE_TAG, serviceTag).put(target.versionLabel(), target.versionOf(track));
    }

    private Track trackOf(JsonNode destination, String path) {
        for (Track track : Track.values()) {
            if (destination(track).equals(destination)) {
                return track;
            }
        }
        throw Shape.unexpected(path, destination, "must be one of the tracks: " + List.of(destination(Track.STABLE),
                destination(Track.CANARY), destination(Track.BASELINE)));
    }

    @Override
    public String toString() {
        return "TrafficRoute " + ref.name() + " (mesh " + mesh + ", " + serviceTag + " by " + target.versionLabel() + ")";
    }
}
