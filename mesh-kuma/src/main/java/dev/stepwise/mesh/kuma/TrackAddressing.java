package dev.stepwise.mesh.kuma;

/**
 * How a Kuma route tells the tracks of a service apart (see {@link dev.stepwise.mesh.RouteTarget}).
 */
public enum TrackAddressing {

    /**
     * One service, its pods told apart by the {@code versionLabel} tag: a {@code MeshServiceSubset}
     * of the service's {@code kuma.io/service} ({@code <service>_<namespace>_svc_<port>}) in a
     * MeshHTTPRoute, a tagged destination in a TrafficRoute. Needs the target's port, because that
     * name contains it. Kuma 2.x only.
     */
    SUBSETS,

    /**
     * A MeshService per track ({@link dev.stepwise.mesh.RouteTarget#serviceOf}), with the target's
     * port when it has one. Needs Kuma's MeshService (mode {@code Exclusive} on 2.x, always on 3.0).
     */
    SERVICES
}
