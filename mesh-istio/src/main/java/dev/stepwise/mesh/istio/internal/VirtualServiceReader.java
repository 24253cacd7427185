package dev.stepwise.mesh.istio.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the split back from Stepwise's routes in a VirtualService, strictly: the shape
 * {@link VirtualServiceWriter} writes, or an error naming what differs. A/B routes are read in
 * the order they stand, which is the order Istio tries them.
 */
public final class VirtualServiceReader {

    private static final Set<String> WEIGHTED_KEYS = Set.of("name", "route", "mirror", "mirrorPercentage");
    private static final Set<String> MATCH_KEYS = Set.of("name", "match", "route");
    private static final Set<String> WEIGHTED_DESTINATION_KEYS = Set.of("destination", "weight");
    private static final Set<String> DESTINATION_KEYS = Set.of("host", "subset", "port");

    private final IstioLayout layout;
    private final ManagedRoutes routes;
    private final RouteShape shape;

    public VirtualServiceReader(IstioLayout layout, ManagedRoutes routes) {
        this.layout = layout;
        this.routes = routes;
        this.shape = new RouteShape(layout.virtualService().kind() + " " + layout.target().namespace() + "/"
                + layout.virtualServiceName());
    }

    /** The split of the managed routes, empty when the weighted route is missing. */
    public Optional<TrafficSplit> read(JsonNode virtualService) {
        JsonNode http = virtualService.path("spec").path("http");
        if (!http.isArray()) {
            return Optional.empty();
        }
        List<RouteMatch> matches = new ArrayList<>();
        TrafficSplit weighted = null;
        for (int i = 0; i < http.size(); i++) {
            JsonNode route = http.get(i);
            String path = "spec.http[" + i + "]";
            if (routes.isWeighted(route)) {
                if (weighted != null) {
                    throw shape.invalid(path + ".name", route.path("name"), "must be unique, but an earlier route has it too");
                }
                weighted = weighted(route, path);
            } else if (routes.isMatch(route)) {
                if (weighted != null) {
                    throw shape.invalid(path + ".name", route.path("name"), "must come before the route \""
                            + routes.weightedName() + "\", which takes every request and leaves it none");
                }
                matches.add(match(route, path));
            }
        }
        return Optional.ofNullable(weighted).map(split -> split.withMatches(matches));
    }

    private TrafficSplit weighted(JsonNode route, String path) {
        shape.object(path, route, WEIGHTED_KEYS);
        JsonNode destinations = shape.array(path + ".route", route.path("route"), 1, Track.values().length);
        Map<Track, Integer> weights = new EnumMap<>(Track.class);
        for (int i = 0; i < destinations.size(); i++) {
            String at = path + ".route[" + i + "]";
            JsonNode weighted = shape.object(at, destinations.get(i), WEIGHTED_DESTINATION_KEYS);
            Track track = destination(at + ".destination", weighted.path("destination"));
            if (weights.put(track, shape.whole(at + ".weight", weighted.path("weight"), 0, 100)) != null) {
                throw shape.invalid(at + ".destination.subset", weighted.path("destination").path("subset"),
                        "must name each track's subset once");
            }
        }
        int sum = weights.values().stream().mapToInt(Integer::intValue).sum();
        if (sum != 100) {
            throw shape.invalid(path + ".route", destinations, "must have weights summing to 100, not " + sum);
        }
        return new TrafficSplit(weights.getOrDefault(Track.STABLE, 0), weights.getOrDefault(Track.CANARY, 0),
                weights.getOrDefault(Track.BASELINE, 0), List.of(), mirrorPercent(route, path));
    }

    private int mirrorPercent(JsonNode route, String path) {
        JsonNode mirror = route.path("mirror");
        JsonNode percentage = route.path("mirrorPercentage");
        if (mirror.isMissingNode() && percentage.isMissingNode()) {
            return 0;
        }
        if (mirror.isMissingNode() || percentage.isMissingNode()) {
            throw shape.invalid(path + (mirror.isMissingNode() ? ".mirror" : ".mirrorPercentage"), null,
                    "must be set together with " + (mirror.isMissingNode() ? "mirrorPercentage" : "mirror"));
        }
        if (destination(path + ".mirror", mirror) != Track.CANARY) {
            throw shape.invalid(path + ".mirror.subset", mirror.path("subset"),
                    "must be the canary subset \"" + layout.subsetOf(Track.CANARY) + "\"");
        }
        shape.object(path + ".mirrorPercentage", percentage, Set.of("value"));
        return shape.whole(path + ".mirrorPercentage.value", percentage.path("value"), 1, 100);
    }

    private RouteMatch match(JsonNode route, String path) {
        shape.object(path, route, MATCH_KEYS);
        JsonNode match = shape.array(path + ".match", route.path("match"), 1, 1).get(0);
        shape.object(path + ".match[0]", match, Set.of("headers"));
        JsonNode destinations = shape.array(path + ".route", route.path("route"), 1, 1);
        JsonNode weighted = shape.object(path + ".route[0]", destinations.get(0), Set.of("destination"));
        Track track = destination(path + ".route[0].destination", weighted.path("destination"));
        return new RouteMatch(HeaderMatches.decode(match.path("headers"), shape, path + ".match[0].headers"), track);
    }

    /** The track a {@code {host, subset, port}} destination addresses. */
    private Track destination(String path, JsonNode destination) {
        shape.object(path, destination, DESTINATION_KEYS);
        shape.text(path + ".host", destination.path("host"), layout.target().service());
        String subset = shape.text(path + ".subset", destination.path("subset"));
        Track track = layout.trackOfSubset(subset);
        if (track == null) {
            throw shape.invalid(path + ".subset", destination.path("subset"),
                    "must be one of the track subsets " + layout.subsetsInOrder().values());
        }
        JsonNode port = destination.path("port");
        if (layout.target().hasPort()) {
            shape.object(path + ".port", port, Set.of("number"));
            shape.whole(path + ".port.number", port.path("number"), layout.target().port(), layout.target().port());
        } else if (!port.isMissingNode()) {
            throw shape.invalid(path + ".port", port, "must be absent: the route target has no port");
        }
        return track;
    }
}
