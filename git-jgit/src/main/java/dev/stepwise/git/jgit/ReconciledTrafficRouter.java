package dev.stepwise.git.jgit;

import dev.stepwise.mesh.ManifestSink;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.spi.Verification;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;

/**
 * A GitOps router that counts a split as in effect only once the cluster shows it: it writes
 * through a {@link MeshTrafficRouter} on a {@link GitManifestSink}, and {@link #verify} answers
 * {@link Verification#VERIFIED} only when the repository holds the split and the resources read
 * through a second {@link ManifestSink}, standing for the cluster (the API server's
 * {@code KubernetesManifestSink}), parse to it too. Until the GitOps controller has synced, it
 * answers {@link Verification#PENDING}, so the engine starts no analysis interval on the previous
 * step's traffic. Without it, "committed and pushed" counts as applied.
 *
 * <p>Every other method is the Git router's: writes go to Git only, never to the cluster.
 */
public final class ReconciledTrafficRouter implements TrafficRouter {

    private final MeshTrafficRouter written;
    private final ManifestSink cluster;

    private ReconciledTrafficRouter(MeshTrafficRouter written, ManifestSink cluster) {
        this.written = InvalidValueException.requireNonNull("written", written);
        this.cluster = InvalidValueException.requireNonNull("cluster", cluster);
    }

    /**
     * A router writing through {@code written} (a mesh renderer on a Git sink) and verifying against
     * {@code cluster}, read with the same renderer.
     */
    public static ReconciledTrafficRouter of(MeshTrafficRouter written, ManifestSink cluster) {
        return new ReconciledTrafficRouter(written, cluster);
    }

    @Override
    public void reconcile() {
        written.reconcile();
    }

    @Override
    public void reconcile(StepNote why) {
        written.reconcile(why);
    }

    @Override
    public void apply(TrafficSplit split) {
        written.apply(split);
    }

    @Override
    public void apply(TrafficSplit split, StepNote why) {
        written.apply(split, why);
    }

    @Override
    public TrafficSplit current() {
        return written.current();
    }

    /** VERIFIED when both the repository and the cluster hold {@code split}, else PENDING. */
    @Override
    public Verification verify(TrafficSplit split) {
        InvalidValueException.requireNonNull("split", split);
        if (written.verify(split) != Verification.VERIFIED) {
            return Verification.PENDING;
        }
        MeshRenderer renderer = written.renderer();
        boolean synced = renderer.parse(cluster.read(renderer.resources())).filter(split::equals).isPresent();
        return synced ? Verification.VERIFIED : Verification.PENDING;
    }

    @Override
    public void release() {
        written.release();
    }

    @Override
    public RouterCapabilities capabilities() {
        return written.capabilities();
    }

    @Override
    public String toString() {
        return "ReconciledTrafficRouter[" + written + ", verified against " + cluster + "]";
    }
}
