package dev.stepwise.mesh;

import dev.stepwise.gitops.GitBackend;
import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.spi.Verification;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.util.Optional;

/**
 * A GitOps router that counts a split as in effect only once the GitOps controller (Argo CD, Flux)
 * has synced it to the cluster: it writes through a {@link MeshTrafficRouter} on a Git sink
 * ({@code GitManifestSink} in {@code stepwise-git-jgit}), and {@link #verify} answers
 * {@link Verification#VERIFIED} only when the repository holds the split and the resources read
 * through a second {@link ManifestSink}, standing for the cluster (the API server's
 * {@code KubernetesManifestSink}), parse to it too. Until the controller has synced, it answers
 * {@link Verification#PENDING}, so the engine starts no analysis interval on the previous step's
 * traffic. Without it, "committed and pushed" counts as applied.
 *
 * <p>Named for what it waits for: the cluster being <em>synced</em> with Git (Argo CD's word for
 * "the live state matches the commit"). Not "reconciled": {@link #reconcile()} is the router's own
 * repair of the route, and the engine's reconcile is its loop. It needs core types only: both sinks
 * and the renderer come from outside.
 *
 * <p>Every other method is the Git router's: writes go to Git only, never to the cluster.
 */
public final class GitOpsSyncedTrafficRouter implements TrafficRouter {

    private final MeshTrafficRouter written;
    private final ManifestSink cluster;

    private GitOpsSyncedTrafficRouter(MeshTrafficRouter written, ManifestSink cluster) {
        this.written = InvalidValueException.requireNonNull("written", written);
        this.cluster = InvalidValueException.requireNonNull("cluster", cluster);
    }

    /**
     * A router writing through {@code written} (a mesh renderer on a Git sink) and verifying against
     * {@code cluster}, read with the same renderer.
     */
    public static GitOpsSyncedTrafficRouter of(MeshTrafficRouter written, ManifestSink cluster) {
        return new GitOpsSyncedTrafficRouter(written, cluster);
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

    /** {@inheritDoc} The written router's: a split is written there and only read from the cluster. */
    @Override
    public Optional<GitBackend> repository() {
        return written.repository();
    }

    @Override
    public String toString() {
        return "GitOpsSyncedTrafficRouter[" + written + ", verified against " + cluster + "]";
    }
}
