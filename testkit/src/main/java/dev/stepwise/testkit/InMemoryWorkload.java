package dev.stepwise.testkit;

import dev.stepwise.rollout.Action;
import dev.stepwise.spi.Workload;
import dev.stepwise.traffic.Track;
import dev.stepwise.validation.InvalidValueException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Workload} in memory: the pods of one rollout target, for tests of the engine and
 * simulations.
 *
 * <p>It starts with stable at 100% and every other track at 0%, both tracks at the
 * {@linkplain Builder#stableRevision stable revision}; {@link #deploy} puts a new revision on the
 * canary, as a user's {@code kubectl apply} would. {@link #scale} records every call in
 * {@link #scaleHistory()}; scaling a track the workload does not have is an
 * {@link IllegalArgumentException} naming it. A track is ready at once after a change of scale,
 * unless a {@linkplain Builder#readinessDelay readiness delay} of N makes the first N
 * {@link #readyTracks()} looks after it leave the track out; {@link #promote} rolls the stable
 * pods, with the same delay. A track at 0% is ready: it has no pods to wait for.
 *
 * <p>{@link #failNext} makes the next calls of {@link #canaryRevision}, {@link #scale},
 * {@link #readyTracks} and {@link #promote} throw, changing and recording nothing. Thread-safe.
 */
public final class InMemoryWorkload implements Workload {

    /** The revision both tracks run at first, by default. */
    public static final String DEFAULT_STABLE_REVISION = "v1";
    /** Looks for which a rescaled track is not ready, by default: none. */
    public static final int DEFAULT_READINESS_DELAY = 0;

    private final Set<Track> tracks;
    private final int readinessDelay;
    private final Map<Track, Integer> percents = new EnumMap<>(Track.class);
    private final Map<Track, Integer> looksUntilReady = new EnumMap<>(Track.class);
    private final List<Action.ScaleTrack> scaleHistory = new ArrayList<>();
    private final List<String> promotions = new ArrayList<>();
    private String stableRevision;
    private String canaryRevision;
    private int failuresLeft;
    private @Nullable RuntimeException failure;

    private InMemoryWorkload(Builder builder) {
        this.tracks = Set.copyOf(builder.tracks);
        this.readinessDelay = builder.readinessDelay;
        this.stableRevision = builder.stableRevision;
        this.canaryRevision = builder.stableRevision;
        for (Track track : tracks) {
            percents.put(track, track == Track.STABLE ? 100 : 0);
            looksUntilReady.put(track, 0);
        }
    }

    /** Stable, canary and baseline tracks at {@value #DEFAULT_STABLE_REVISION}, ready at once. */
    public static InMemoryWorkload ofDefaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Puts {@code revision} on the canary track, as a user deploying a new version would; not an SPI call. */
    public synchronized void deploy(String revision) {
        this.canaryRevision = requireRevision(revision);
    }

    @Override
    public synchronized String canaryRevision() {
        failIfAsked();
        return canaryRevision;
    }

    /** The revision the stable track runs: the start revision, or the last one promoted. */
    public synchronized String stableRevision() {
        return stableRevision;
    }

    @Override
    public synchronized void scale(Track track, int percent) {
        InvalidValueException.requireNonNull("track", track);
        InvalidValueException.requireBetween("percent", percent, 0, 100);
        failIfAsked();
        if (!tracks.contains(track)) {
            throw new IllegalArgumentException("cannot scale the " + track + " track: this workload has only "
                    + EnumSet.copyOf(tracks));
        }
        scaleHistory.add(new Action.ScaleTrack(track, percent));
        if (percents.put(track, percent) != percent) {
            looksUntilReady.put(track, readinessDelay);
        }
    }

    /** The percent of the desired replicas {@code track} is scaled to; 0 for a track the workload does not have. */
    public synchronized int percent(Track track) {
        return percents.getOrDefault(InvalidValueException.requireNonNull("track", track), 0);
    }

    /** Every look counts down the readiness delay of the tracks not ready yet. */
    @Override
    public synchronized Set<Track> readyTracks() {
        failIfAsked();
        Set<Track> ready = EnumSet.noneOf(Track.class);
        for (Track track : tracks) {
            int looks = Objects.requireNonNull(looksUntilReady.get(track));
            if (looks == 0 || Objects.requireNonNull(percents.get(track)) == 0) {
                ready.add(track);
            } else {
                looksUntilReady.put(track, looks - 1);
            }
        }
        return Set.copyOf(ready);
    }

    /** Makes {@code revision} the stable revision; a new revision rolls the stable pods (the readiness delay applies). */
    @Override
    public synchronized void promote(String revision) {
        requireRevision(revision);
        failIfAsked();
        promotions.add(revision);
        if (!revision.equals(stableRevision) && tracks.contains(Track.STABLE)) {
            looksUntilReady.put(Track.STABLE, readinessDelay);
        }
        stableRevision = revision;
    }

    /** Every successful {@link #scale} call, in order, repeats included. */
    public synchronized List<Action.ScaleTrack> scaleHistory() {
        return List.copyOf(scaleHistory);
    }

    /** Every revision passed to a successful {@link #promote}, in order. */
    public synchronized List<String> promotions() {
        return List.copyOf(promotions);
    }

    /**
     * Makes the next {@code calls} SPI calls throw {@code failure} without changing anything; 0
     * clears a failure still pending.
     */
    public synchronized void failNext(int calls, RuntimeException failure) {
        InvalidValueException.requireAtLeast("calls", calls, 0);
        this.failure = InvalidValueException.requireNonNull("failure", failure);
        this.failuresLeft = calls;
    }

    private void failIfAsked() {
        if (failuresLeft > 0) {
            failuresLeft--;
            throw failure;
        }
    }

    private static String requireRevision(String revision) {
        if (revision == null || revision.isBlank()) {
            throw new InvalidValueException("revision", revision == null ? "null" : "\"" + revision + "\"", "must be non-empty");
        }
        return revision;
    }

    @Override
    public synchronized String toString() {
        return "InMemoryWorkload[stable " + stableRevision + ", canary " + canaryRevision + ", scale " + percents
                + (readinessDelay == 0 ? "" : ", readiness delay " + readinessDelay)
                + (failuresLeft == 0 ? "" : ", failing the next " + failuresLeft + " calls") + "]";
    }

    /** Builds an {@link InMemoryWorkload}; every setting has a default. */
    public static final class Builder {
        private Set<Track> tracks = EnumSet.allOf(Track.class);
        private String stableRevision = DEFAULT_STABLE_REVISION;
        private int readinessDelay = DEFAULT_READINESS_DELAY;

        private Builder() {
        }

        /** The tracks the workload has; stable and canary are required; default all three. */
        public Builder tracks(Track... tracks) {
            Set<Track> chosen = EnumSet.noneOf(Track.class);
            chosen.addAll(Arrays.asList(InvalidValueException.requireNonNull("tracks", tracks)));
            if (!chosen.contains(Track.STABLE) || !chosen.contains(Track.CANARY)) {
                throw new InvalidValueException("tracks", chosen, "must include stable and canary");
            }
            this.tracks = chosen;
            return this;
        }

        /** The revision both tracks run at first; default {@value #DEFAULT_STABLE_REVISION}. */
        public Builder stableRevision(String revision) {
            this.stableRevision = requireRevision(revision);
            return this;
        }

        /**
         * How many {@link InMemoryWorkload#readyTracks()} looks leave out a track after its scale changes, at least
         * 0; default {@value #DEFAULT_READINESS_DELAY} (ready at once).
         */
        public Builder readinessDelay(int looks) {
            this.readinessDelay = InvalidValueException.requireAtLeast("readinessDelay", looks, 0);
            return this;
        }

        /** A new workload with the settings given. */
        public InMemoryWorkload build() {
            return new InMemoryWorkload(this);
        }
    }
}
