package dev.stepwise.testkit;

import dev.stepwise.spi.RouteFence;
import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.spi.Verification;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TrafficRouter} in memory: a mesh that holds one route, for tests of the engine and
 * simulations. It passes the {@code dev.stepwise.tck.TrafficRouterCompatibilityKit} (in stepwise-tck).
 *
 * <p>{@link #reconcile()} creates the route at {@link TrafficSplit#allStable()} if it does not
 * {@link #exists() exist}. {@link #apply} records every call in {@link #applied()} (duplicates
 * included) and holds the split; {@link #apply(TrafficSplit, StepNote)} also records the change in
 * {@link #changes()}; applying before the route exists is an
 * {@link IllegalStateException}, and a split needing something the {@link #capabilities()} exclude
 * (a header match, a mirror, a weight off the granularity) is an {@link IllegalArgumentException}.
 * {@link #verify} answers {@link Verification#VERIFIED} for the split held, {@link
 * Verification#PENDING} for any other; with a {@linkplain Builder#verificationLag verification
 * lag} of N, the first N verifications of the split held after each change are PENDING too, like a
 * data plane that takes a while to converge. {@link #release()} removes the route: all traffic on
 * stable.
 *
 * <p>Fenced as {@link TrafficRouter} says: the route remembers, per rollout, the highest
 * {@link StepNote#version()} it was written at ({@link #fence()}); {@link #apply(TrafficSplit, StepNote)}
 * and {@link #reconcile(StepNote)} with a rollout's step at a lower version throw
 * {@link dev.stepwise.spi.SupersededWriteException} and change nothing (not recorded either); a
 * rollout's registration starts its entry anew. The fence survives {@link #release()}.
 *
 * <p>{@link #failNext} makes the next calls throw, to test how the engine handles an unreachable
 * mesh; a failed call changes nothing and is not recorded. {@link #capabilities()} never fails.
 * Thread-safe.
 */
public final class InMemoryTrafficRouter implements TrafficRouter {

    /** Verifications answered PENDING after each change by default: none. */
    public static final int DEFAULT_VERIFICATION_LAG = 0;

    private final RouterCapabilities capabilities;
    private final int verificationLag;
    private final List<TrafficSplit> applied = new ArrayList<>();
    private final List<StepNote> changes = new ArrayList<>();
    private boolean exists;
    private TrafficSplit current = TrafficSplit.allStable();
    private RouteFence fence = RouteFence.none();
    private int lagLeft;
    private int failuresLeft;
    private int calls;
    private @Nullable RuntimeException failure;

    private InMemoryTrafficRouter(Builder builder) {
        this.capabilities = builder.capabilities;
        this.verificationLag = builder.verificationLag;
    }

    /** {@link RouterCapabilities#all()}, no verification lag, no route yet. */
    public static InMemoryTrafficRouter ofDefaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized void reconcile() {
        failIfAsked();
        if (!exists) {
            exists = true;
            change(TrafficSplit.allStable());
        }
    }

    @Override
    public synchronized void apply(TrafficSplit split) {
        InvalidValueException.requireNonNull("split", split);
        failIfAsked();
        if (!exists) {
            throw new IllegalStateException("cannot apply " + split + ": the route does not exist; reconcile() first");
        }
        requireSupported(split);
        applied.add(split);
        change(split);
    }

    /** Sets the route up as {@link #reconcile()} does, fenced by {@code why}. */
    @Override
    public synchronized void reconcile(StepNote why) {
        RouteFence admitted = fence.admit(InvalidValueException.requireNonNull("why", why));
        reconcile();
        fence = admitted;
    }

    /**
     * Applies {@code split} as {@link #apply(TrafficSplit)} does, fenced by {@code why}, and, once it
     * succeeded, records {@code why}.
     */
    @Override
    public synchronized void apply(TrafficSplit split, StepNote why) {
        RouteFence admitted = fence.admit(InvalidValueException.requireNonNull("why", why));
        apply(split);
        fence = admitted;
        changes.add(why);
    }

    /** The split held; {@link TrafficSplit#allStable()} while the route does not exist. */
    @Override
    public synchronized TrafficSplit current() {
        failIfAsked();
        return current;
    }

    @Override
    public synchronized Verification verify(TrafficSplit split) {
        InvalidValueException.requireNonNull("split", split);
        failIfAsked();
        if (!split.equals(current)) {
            return Verification.PENDING;
        }
        if (lagLeft > 0) {
            lagLeft--;
            return Verification.PENDING;
        }
        return Verification.VERIFIED;
    }

    /** Removes the route; all traffic goes to stable. Releasing a missing route does nothing. */
    @Override
    public synchronized void release() {
        failIfAsked();
        exists = false;
        change(TrafficSplit.allStable());
    }

    @Override
    public RouterCapabilities capabilities() {
        return capabilities;
    }

    /**
     * The split held, like {@link #current()} but not an SPI call: it never fails, so that
     * simulated traffic (a {@link SimulatedMetricSource}) can follow the route while calls fail.
     */
    public synchronized TrafficSplit inForce() {
        return current;
    }

    /** Whether the managed route exists: reconciled and not released since. */
    public synchronized boolean exists() {
        return exists;
    }

    /** The highest version the route was written at, per rollout; not an SPI call (never fails). */
    public synchronized RouteFence fence() {
        return fence;
    }

    /** Every split passed to a successful {@link #apply}, in order, duplicates included. */
    public synchronized List<TrafficSplit> applied() {
        return List.copyOf(applied);
    }

    /**
     * The change passed with every successful {@link #apply(TrafficSplit, StepNote)}, in order,
     * duplicates included; a plain {@link #apply(TrafficSplit)} adds none.
     */
    public synchronized List<StepNote> changes() {
        return List.copyOf(changes);
    }

    /**
     * How many calls of {@link #reconcile}, {@link #apply}, {@link #current}, {@link #verify} and
     * {@link #release} were made, failed ones included: to check that an engine leaves a route alone.
     */
    public synchronized int calls() {
        return calls;
    }

    /** The verification lag this router was built with. */
    public int verificationLag() {
        return verificationLag;
    }

    /**
     * Makes the next {@code calls} calls of {@link #reconcile}, {@link #apply}, {@link #current},
     * {@link #verify} and {@link #release} throw {@code failure} without changing anything; 0
     * clears a failure still pending.
     */
    public synchronized void failNext(int calls, RuntimeException failure) {
        InvalidValueException.requireAtLeast("calls", calls, 0);
        this.failure = InvalidValueException.requireNonNull("failure", failure);
        this.failuresLeft = calls;
    }

    private void failIfAsked() {
        calls++;
        if (failuresLeft > 0) {
            failuresLeft--;
            throw failure;
        }
    }

    private void change(TrafficSplit split) {
        // Re-applying the split held is not a change: it neither restarts the lag nor moves traffic.
        if (!split.equals(current)) {
            current = split;
            lagLeft = verificationLag;
        }
    }

    private void requireSupported(TrafficSplit split) {
        if (!split.matches().isEmpty() && !capabilities.headerMatch()) {
            throw unsupported(split, "header matches");
        }
        if (split.mirrorPercent() > 0 && !capabilities.mirror()) {
            throw unsupported(split, "mirroring");
        }
        for (Track track : Track.values()) {
            int weight = split.weight(track);
            if (weight % 100 != 0 && !capabilities.weights()) {
                throw unsupported(split, "percent weights");
            }
            if (weight % capabilities.weightGranularity() != 0) {
                throw unsupported(split, "a " + track + " weight of " + weight + "% (not a multiple of "
                        + capabilities.weightGranularity() + "%)");
            }
        }
    }

    private IllegalArgumentException unsupported(TrafficSplit split, String what) {
        return new IllegalArgumentException("cannot apply " + split + ": it needs " + what + ", which " + capabilities
                + " excludes");
    }

    @Override
    public synchronized String toString() {
        return "InMemoryTrafficRouter[" + (exists ? "route at " + current : "no route") + ", " + applied.size()
                + " applied" + (verificationLag == 0 ? "" : ", verification lag " + verificationLag + " (" + lagLeft + " left)")
                + (failuresLeft == 0 ? "" : ", failing the next " + failuresLeft + " calls") + "]";
    }

    /** Builds an {@link InMemoryTrafficRouter}; every setting has a default. */
    public static final class Builder {
        private RouterCapabilities capabilities = RouterCapabilities.all();
        private int verificationLag = DEFAULT_VERIFICATION_LAG;

        private Builder() {
        }

        /** What the router accepts; default {@link RouterCapabilities#all()}. */
        public Builder capabilities(RouterCapabilities capabilities) {
            this.capabilities = InvalidValueException.requireNonNull("capabilities", capabilities);
            return this;
        }

        /**
         * How many verifications of a newly held split answer PENDING before it is VERIFIED, at
         * least 0; default {@value #DEFAULT_VERIFICATION_LAG}.
         */
        public Builder verificationLag(int looks) {
            this.verificationLag = InvalidValueException.requireAtLeast("verificationLag", looks, 0);
            return this;
        }

        /** A new router with the settings given. */
        public InMemoryTrafficRouter build() {
            return new InMemoryTrafficRouter(this);
        }
    }
}
