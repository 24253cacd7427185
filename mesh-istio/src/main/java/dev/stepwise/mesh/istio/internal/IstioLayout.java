package dev.stepwise.mesh.istio.internal;

import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.traffic.Track;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where and how a target's routing lives in Istio: the two resources, the VirtualService's hosts
 * and gateways for a new resource, and the DestinationRule subset of each track.
 */
public record IstioLayout(RouteTarget target, String apiVersion, String virtualServiceName, String destinationRuleName,
                   List<String> hosts, List<String> gateways, Map<Track, String> subsets) {

    public static final String GROUP = "networking.istio.io";
    public static final String VIRTUAL_SERVICE = "VirtualService";
    public static final String DESTINATION_RULE = "DestinationRule";

    public IstioLayout {
        hosts = List.copyOf(hosts);
        gateways = List.copyOf(gateways);
        subsets = Map.copyOf(subsets);
    }

    public ResourceRef virtualService() {
        return new ResourceRef(apiVersion, VIRTUAL_SERVICE, target.namespace(), virtualServiceName);
    }

    public ResourceRef destinationRule() {
        return new ResourceRef(apiVersion, DESTINATION_RULE, target.namespace(), destinationRuleName);
    }

    public String subsetOf(Track track) {
        return Objects.requireNonNull(subsets.get(track), "every track has a subset, checked at build");
    }

    /** The track whose subset is {@code name}, or null. */
    public @Nullable Track trackOfSubset(String name) {
        for (Track track : Track.values()) {
            if (Objects.requireNonNull(subsets.get(track)).equals(name)) {
                return track;
            }
        }
        return null;
    }

    /** Subset names in track order, for messages and toString. */
    public Map<Track, String> subsetsInOrder() {
        return new EnumMap<>(subsets);
    }
}
