package dev.stepwise.spi;

/**
 * A write for a rollout's step refused because the route was already written for a later step of
 * the same rollout: the writer's record is stale (another engine, or a later reconcile, has moved
 * the rollout on since this one read it). Nothing was written. The late writer must not commit
 * what it was doing: it reloads the rollout from the store and decides again.
 *
 * <p>The versions are {@link StepNote#version() write-ahead versions}, the fencing token every
 * step carries: the route remembers the highest one it was written at, per rollout, and refuses a
 * lower one (see {@link TrafficRouter#apply(dev.stepwise.traffic.TrafficSplit, StepNote)}).
 */
public final class SupersededWriteException extends RuntimeException {

    private final String rollout;
    private final long refused;
    private final long newer;

    /**
     * @param rollout the rollout's id
     * @param refused the version of the write refused
     * @param newer   the later version the route was last written at for this rollout
     */
    public SupersededWriteException(String rollout, long refused, long newer) {
        super("rollout " + rollout + ": the write of version " + refused
                + " was superseded by a later write of this rollout, version " + newer + "; nothing written");
        this.rollout = rollout;
        this.refused = refused;
        this.newer = newer;
    }

    /** The rollout's id. */
    public String rollout() {
        return rollout;
    }

    /** The version of the write refused. */
    public long refused() {
        return refused;
    }

    /** The later version the route was last written at for this rollout. */
    public long newer() {
        return newer;
    }
}
