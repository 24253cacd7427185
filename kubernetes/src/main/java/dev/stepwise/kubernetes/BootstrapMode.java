package dev.stepwise.kubernetes;

/** What {@link TrackBootstrap#ensure()} does about a track resource that does not exist. */
public enum BootstrapMode {
    /** Creates it from the target, as Flagger does (the default). */
    CREATE,
    /**
     * Creates nothing: fails with one {@link TrackBootstrapException} listing every resource to
     * create, with the selector and port each needs. For clusters where only a person or a GitOps
     * tool may create resources.
     */
    REQUIRE
}
