package dev.stepwise.engine;

import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.spi.Verification;
import dev.stepwise.spi.Workload;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import java.util.Set;

/**
 * Kills the "process" at the n-th side effect on the cluster (a route write, a scale, a
 * promotion): {@link Crash} is a {@link VirtualMachineError}, so it escapes the engine's retry
 * handling the way a dying JVM would. The cluster (router and workload underneath) survives.
 */
final class Crashes {

    /**
     * The simulated death of the engine's process: a {@link VirtualMachineError}, one of the few
     * throwables the engine passes on (after recording the failure and scheduling the next look).
     */
    static final class Crash extends VirtualMachineError {
        Crash(int index) {
            super("simulated crash before side effect #" + index);
        }
    }

    private int crashAt;
    private int writes;
    private StepNote lost;

    /** Crashes before write number {@code crashAt} (0-based); -1 never crashes and only counts. */
    Crashes(int crashAt) {
        this.crashAt = crashAt;
    }

    int writes() {
        return writes;
    }

    /** Crashes before the next side effect instead. */
    void crashAtNextWrite() {
        crashAt = writes;
    }

    /** The route change passed to the route write the crash prevented, if a route write it was. */
    StepNote lostChange() {
        return lost;
    }

    private void write() {
        if (writes == crashAt) {
            writes++;
            throw new Crash(crashAt);
        }
        writes++;
    }

    TrafficRouter router(TrafficRouter cluster) {
        return new TrafficRouter() {
            @Override
            public void reconcile() {
                cluster.reconcile();
            }

            @Override
            public void apply(TrafficSplit split) {
                write();
                cluster.apply(split);
            }

            @Override
            public void apply(TrafficSplit split, StepNote change) {
                if (writes == crashAt) {
                    lost = change;
                }
                write();
                cluster.apply(split, change);
            }

            @Override
            public TrafficSplit current() {
                return cluster.current();
            }

            @Override
            public Verification verify(TrafficSplit split) {
                return cluster.verify(split);
            }

            @Override
            public void release() {
                cluster.release();
            }

            @Override
            public RouterCapabilities capabilities() {
                return cluster.capabilities();
            }
        };
    }

    Workload workload(Workload cluster) {
        return new Workload() {
            @Override
            public String canaryRevision() {
                return cluster.canaryRevision();
            }

            @Override
            public void scale(Track track, int percent) {
                write();
                cluster.scale(track, percent);
            }

            @Override
            public Set<Track> readyTracks() {
                return cluster.readyTracks();
            }

            @Override
            public void promote(String revision) {
                write();
                cluster.promote(revision);
            }
        };
    }
}
