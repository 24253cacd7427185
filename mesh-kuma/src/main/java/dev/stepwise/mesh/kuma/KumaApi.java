package dev.stepwise.mesh.kuma;

/**
 * Which Kuma routing API a {@link KumaMeshRenderer} writes. Chosen by configuration, never guessed
 * from the cluster; the default is {@link #MESH_HTTP_ROUTE}, the released API.
 */
public enum KumaApi {

    /**
     * {@code MeshHTTPRoute} ({@code kuma.io/v1alpha1}) as released in Kuma 2.14: weights, header
     * (and cookie) matches and mirroring; tracks addressed by {@link TrackAddressing#SUBSETS subsets}
     * (the default) or by {@link TrackAddressing#SERVICES a MeshService per track}.
     */
    MESH_HTTP_ROUTE("MeshHTTPRoute (Kuma 2.14)"),

    /**
     * {@code MeshHTTPRoute} as in the unreleased Kuma 3.0: resources are selected by labels only and
     * subsets are gone, so each track is its own MeshService ({@link TrackAddressing#SERVICES}).
     */
    MESH_HTTP_ROUTE_V3("MeshHTTPRoute (Kuma 3.0 preview)"),

    /**
     * The legacy cluster-scoped {@code TrafficRoute} (what Flagger writes): weights only, tracks
     * addressed by a tag on the service's {@code kuma.io/service} ({@link TrackAddressing#SUBSETS});
     * needs the target's port. Removed in Kuma 3.0.
     */
    TRAFFIC_ROUTE("TrafficRoute (legacy)");

    private final String displayName;

    KumaApi(String displayName) {
        this.displayName = displayName;
    }

    /** The API's name for messages, e.g. {@code TrafficRoute (legacy)}. */
    public String displayName() {
        return displayName;
    }

    /** How this API addresses tracks unless configured otherwise. */
    public TrackAddressing defaultAddressing() {
        return this == MESH_HTTP_ROUTE_V3 ? TrackAddressing.SERVICES : TrackAddressing.SUBSETS;
    }

    /** Whether this API can address tracks the given way. */
    public boolean supports(TrackAddressing addressing) {
        return this == MESH_HTTP_ROUTE || addressing == defaultAddressing();
    }
}
