package dev.stepwise.tck.kubernetes;

import dev.stepwise.spi.Workload;
import dev.stepwise.traffic.Track;
import java.util.Set;

/**
 * A {@link Workload} whose Deployments are made ready, as a cluster's Deployment controller would,
 * just before readiness is asked: the mock API server runs no controllers.
 */
record SettledWorkload(Workload delegate, Runnable controller) implements Workload {

    @Override
    public String canaryRevision() {
        return delegate.canaryRevision();
    }

    @Override
    public void scale(Track track, int percent) {
        delegate.scale(track, percent);
    }

    @Override
    public Set<Track> readyTracks() {
        controller.run();
        return delegate.readyTracks();
    }

    @Override
    public void promote(String revision) {
        delegate.promote(revision);
    }
}
