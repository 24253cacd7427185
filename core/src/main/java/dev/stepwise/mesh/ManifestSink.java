package dev.stepwise.mesh;

import dev.stepwise.gitops.GitBackend;
import dev.stepwise.spi.StepNote;
import dev.stepwise.traffic.TrafficSplit;
import java.util.List;
import java.util.Optional;

/**
 * Where rendered resources go: the Kubernetes API server, or a Git repository that a GitOps
 * controller reconciles. One sink serves any number of routers.
 *
 * <p><b>Contract.</b> {@link #read} returns the stored versions of those resources that exist,
 * never an exception for a missing one. {@link #write} stores each manifest as a compare-and-set:
 * a manifest carrying a {@code metadata.resourceVersion} replaces only that version, one without
 * creates the resource only if it does not exist; otherwise it throws
 * {@link ManifestConflictException} (the caller re-reads, re-renders and tries again). Failures to
 * reach the store are other runtime exceptions; the engine holds and retries.
 */
public interface ManifestSink {

    /** The stored versions of {@code refs} that exist. */
    List<Manifest> read(List<ResourceRef> refs);

    /**
     * Like {@link #read}, to check a write: {@link MeshTrafficRouter#verify} reads back through it.
     * A sink may answer, once, from what its own last successful write confirmed was stored (a Git
     * push the remote accepted), sparing a round trip; by default it is {@link #read}. Reads made to
     * render a write always use {@link #read}, so a compare-and-set never starts from such an answer.
     */
    default List<Manifest> readBack(List<ResourceRef> refs) {
        return read(refs);
    }

    /**
     * Like {@link #read}, for a write that follows: {@link MeshTrafficRouter} renders its write from
     * what this returns and writes it as a compare-and-set on those versions. A sink may answer from
     * what it saw last instead of waiting for the newest state (a Git sink: the head last fetched or
     * pushed), because an answer gone stale can only make that write fail with
     * {@link ManifestConflictException}, after which the router reads again with {@link #read}. By
     * default it is {@link #read}.
     */
    default List<Manifest> readForWrite(List<ResourceRef> refs) {
        return read(refs);
    }

    /**
     * Stores {@code manifests}, in order.
     *
     * @throws ManifestConflictException if another writer changed (or created) one in between
     */
    void write(List<Manifest> manifests);

    /**
     * Stores {@code manifests}, in order, knowing why and which split they move from and to; by
     * default all three are ignored ({@link #write(List)}). A sink with an audit trail (Git) records
     * them; the API server sink ignores them.
     *
     * @param why    the rollout, step, decision, reason and verdicts of the change
     * @param before the split the stored resources held, all stable when they did not exist
     * @param after  the split written
     *
     * @throws ManifestConflictException if another writer changed (or created) one in between
     * @throws dev.stepwise.spi.ConflictingChangeException if someone outside Stepwise changed one in a
     *         way that must not be overwritten (the rollout pauses)
     */
    default void write(List<Manifest> manifests, StepNote why, TrafficSplit before, TrafficSplit after) {
        write(manifests);
    }

    /**
     * The Git repository each {@link #write} is pushed to as a commit, when it is: empty by default
     * (the API server; a sink proposing pull requests). See {@link dev.stepwise.spi.TrafficRouter#repository()}.
     */
    default Optional<GitBackend> repository() {
        return Optional.empty();
    }
}
