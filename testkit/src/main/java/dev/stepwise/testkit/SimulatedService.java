package dev.stepwise.testkit;

import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A service with stable, canary and baseline tracks that serves simulated requests, so that
 * strategies can be tested without a cluster or a metrics backend.
 *
 * <p>{@link #observe(TrafficSplit, Duration)} sends {@code round(requestRate * seconds)} requests
 * through a split and reports what each track served. Each request is routed on its own, as a
 * mesh does: one whose simulated headers match (probability {@link Builder#matchingShare}) goes to
 * the track of the split's first route match; any other goes to a track drawn by weight, so a
 * track with weight 0 gets nothing. A stable request is also copied to the canary with
 * probability {@code mirrorPercent / 100}; mirrored copies count in the canary's metrics.
 *
 * <p>A window of more than {@link #MAX_ROUTED_REQUESTS} requests (a long analysis interval or a
 * high request rate) is not routed request by request: its counts are drawn from the same
 * distributions (binomial) and each track keeps a sample of {@link TrackStats#MAX_LATENCY_SAMPLES}
 * latencies, so serving a window takes the same time and memory whatever its length.
 *
 * <p><b>Realistic traffic, opt-in.</b> By default a window's request count is fixed, as above:
 * no variance, and no request at all in a window shorter than half a request. With
 * {@link Builder#poissonArrivals(boolean)} the count is drawn from a Poisson distribution with mean
 * {@code requestRate * seconds} (arrivals independent in time), so a window at 0.1 requests/s
 * has a request now and then. Each request fails on its own with its track's probability, so
 * errors per track are binomial given the requests. {@link Builder#errorBursts(ErrorBursts)} adds
 * errors correlated in time (a two-state Markov-modulated error rate, see {@link ErrorBursts}).
 * {@link TrackStats#errorCounts()} and {@link TrackStats#slowCounts(double)} give a window's counts
 * per track in the form a judge reads, and {@link Builder#windowListener} is told of every window
 * served, so a judge can be fed from the very traffic the threshold checks saw. Without these
 * options the service draws exactly the random numbers it always did.
 *
 * <p>All randomness comes from one {@link Random} seeded by {@link Builder#seed}: the same seed
 * and the same calls give the same windows. A track's behaviour may be changed between windows
 * (a canary that starts failing under load), e.g. with {@link #canaryErrorProbability(double)}.
 * Thread-safe.
 */
public final class SimulatedService {

    /** Requests per second reaching the service: 100. */
    public static final double DEFAULT_REQUEST_RATE = 100.0;
    public static final long DEFAULT_SEED = 42L;
    /** Share of requests whose headers match the split's route matches: 0. */
    public static final double DEFAULT_MATCHING_SHARE = 0.0;
    /**
     * Windows with at most this many requests (100,000: over 16 minutes at the default rate) are
     * routed request by request; larger ones are served from counts, see the class comment.
     */
    public static final long MAX_ROUTED_REQUESTS = TrackStats.MAX_LATENCY_SAMPLES;

    /** A window without bursts: one stretch at the tracks' own error probabilities. */
    private static final List<ErrorBursts.Stretch> CALM = List.of(new ErrorBursts.Stretch(1.0, 1.0));

    private final double requestRate;
    private final double matchingShare;
    private final Random random;
    private final Map<Track, TrackBehaviour> behaviours;
    private final boolean poissonArrivals;
    private final ErrorBursts.@Nullable Process bursts;
    private final List<Consumer<TrafficWindow>> windowListeners;

    private SimulatedService(Builder b) {
        this.requestRate = b.requestRate;
        this.matchingShare = b.matchingShare;
        this.random = new Random(b.seed);
        this.behaviours = new EnumMap<>(b.behaviours);
        this.poissonArrivals = b.poissonArrivals;
        this.bursts = b.errorBursts == null ? null : new ErrorBursts.Process(b.errorBursts);
        this.windowListeners = List.copyOf(b.windowListeners);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@value #DEFAULT_REQUEST_RATE} req/s, seed {@value #DEFAULT_SEED}, every track {@link TrackBehaviour#ofDefaults()}. */
    public static SimulatedService ofDefaults() {
        return builder().build();
    }

    /** Requests per second reaching the service. */
    public double requestRate() {
        return requestRate;
    }

    /**
     * Serves one window of requests through {@code split}.
     *
     * @param split  the split in force (as applied, not as asked for)
     * @param window how long; zero gives a window without requests
     */
    public synchronized TrafficWindow observe(TrafficSplit split, Duration window) {
        InvalidValueException.requireNonNull("split", split);
        InvalidValueException.requireNonNull("window", window);
        if (window.isNegative()) {
            throw new InvalidValueException("window", window, "must not be negative");
        }
        double seconds = window.toNanos() / 1e9;
        long total = poissonArrivals ? CountedWindow.poisson(random, requestRate * seconds) : Math.round(requestRate * seconds);
        List<ErrorBursts.Stretch> stretches = bursts == null ? CALM : bursts.advance(seconds, random);
        TrafficWindow served = total > MAX_ROUTED_REQUESTS
                ? CountedWindow.serve(split, window, total, matchingShare, behaviours, stretches, random)
                : route(split, window, total, stretches);
        windowListeners.forEach(listener -> listener.accept(served));
        return served;
    }

    private TrafficWindow route(TrafficSplit split, Duration window, long total, List<ErrorBursts.Stretch> stretches) {
        Map<Track, Tally> tallies = new EnumMap<>(Track.class);
        for (Track track : Track.values()) {
            tallies.put(track, new Tally());
        }
        int stretch = 0;
        double stretchEnd = stretches.get(0).share();
        for (long i = 0; i < total; i++) {
            // requests spread evenly over the window; each fails at the error multiplier of its stretch
            while (stretch < stretches.size() - 1 && (i + 0.5) / total > stretchEnd) {
                stretch++;
                stretchEnd += stretches.get(stretch).share();
            }
            double multiplier = stretches.get(stretch).multiplier();
            Track track = route(split);
            serve(track, Objects.requireNonNull(tallies.get(track)), false, multiplier);
            if (track == Track.STABLE && split.mirrorPercent() > 0 && random.nextInt(100) < split.mirrorPercent()) {
                serve(Track.CANARY, Objects.requireNonNull(tallies.get(Track.CANARY)), true, multiplier);
            }
        }
        Map<Track, TrackStats> stats = new EnumMap<>(Track.class);
        tallies.forEach((track, tally) -> stats.put(track, tally.toStats()));
        return new TrafficWindow(split, window, stats);
    }

    private Track route(TrafficSplit split) {
        if (!split.matches().isEmpty() && matchingShare > 0 && random.nextDouble() < matchingShare) {
            return split.matches().get(0).track();
        }
        int draw = random.nextInt(100);
        if (draw < split.stable()) {
            return Track.STABLE;
        }
        return draw < split.stable() + split.canary() ? Track.CANARY : Track.BASELINE;
    }

    private void serve(Track track, Tally tally, boolean mirrored, double errorMultiplier) {
        TrackBehaviour behaviour = Objects.requireNonNull(behaviours.get(track));
        tally.requests++;
        if (mirrored) {
            tally.mirrored++;
        }
        if (random.nextDouble() < Math.min(1.0, behaviour.errorProbability() * errorMultiplier)) {
            tally.errors++;
        }
        tally.latencies.add(behaviour.sampleLatencyMs(random));
    }

    /** How {@code track} behaves now. */
    public synchronized TrackBehaviour behaviour(Track track) {
        return Objects.requireNonNull(behaviours.get(InvalidValueException.requireNonNull("track", track)));
    }

    /** Changes how {@code track} behaves from the next window on. */
    public synchronized void behaviour(Track track, TrackBehaviour behaviour) {
        InvalidValueException.requireNonNull("track", track);
        behaviours.put(track, InvalidValueException.requireNonNull("behaviour", behaviour));
    }

    /**
     * Changes the canary's 5xx probability from the next window on.
     *
     * @throws InvalidValueException naming {@code canary.errorProbability} unless 0..1
     */
    public synchronized void canaryErrorProbability(double probability) {
        TrackBehaviour current = Objects.requireNonNull(behaviours.get(Track.CANARY));
        TrackBehaviour.validate("canary.", probability, current.latencyMedianMs(), current.latencyP99Ms());
        behaviours.put(Track.CANARY, current.withErrorProbability(probability));
    }

    /** Changes the canary's latency distribution from the next window on. */
    public synchronized void canaryLatency(double medianMs, double p99Ms) {
        TrackBehaviour current = Objects.requireNonNull(behaviours.get(Track.CANARY));
        TrackBehaviour.validate("canary.", current.errorProbability(), medianMs, p99Ms);
        behaviours.put(Track.CANARY, current.withLatency(medianMs, p99Ms));
    }

    @Override
    public synchronized String toString() {
        return "SimulatedService[" + requestRate + " req/s" + (poissonArrivals ? " (Poisson)" : "")
                + (bursts == null ? "" : ", bursts") + ", " + behaviours + "]";
    }

    private static final class Tally {
        long requests;
        long mirrored;
        long errors;
        final List<Double> latencies = new ArrayList<>();

        TrackStats toStats() {
            return new TrackStats(requests, mirrored, errors, latencies);
        }
    }

    /**
     * Builds a {@link SimulatedService}. Setters check their value at once and throw an
     * {@link InvalidValueException} naming the field, e.g. {@code canary.errorProbability}.
     */
    public static final class Builder {
        private double requestRate = DEFAULT_REQUEST_RATE;
        private double matchingShare = DEFAULT_MATCHING_SHARE;
        private long seed = DEFAULT_SEED;
        private final Map<Track, TrackBehaviour> behaviours = new EnumMap<>(Track.class);
        private boolean poissonArrivals;
        private @Nullable ErrorBursts errorBursts;
        private final List<Consumer<TrafficWindow>> windowListeners = new ArrayList<>();

        private Builder() {
            for (Track track : Track.values()) {
                behaviours.put(track, TrackBehaviour.ofDefaults());
            }
        }

        /** Requests per second reaching the service, at least 0; default {@value #DEFAULT_REQUEST_RATE}. */
        public Builder requestRate(double requestsPerSecond) {
            if (!(requestsPerSecond >= 0.0) || !Double.isFinite(requestsPerSecond)) {
                throw new InvalidValueException("requestRate", requestsPerSecond, "must be a finite number of requests per second, at least 0");
            }
            this.requestRate = requestsPerSecond;
            return this;
        }

        /**
         * Share of requests, 0..1, whose headers and cookies satisfy the split's route matches
         * (A/B tests); default {@value #DEFAULT_MATCHING_SHARE}. Ignored when the split has none.
         */
        public Builder matchingShare(double share) {
            if (!(share >= 0.0 && share <= 1.0)) {
                throw new InvalidValueException("matchingShare", share, "must be between 0 and 1");
            }
            this.matchingShare = share;
            return this;
        }

        /** Seed of the service's random numbers; default {@value #DEFAULT_SEED}. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** How {@code track} behaves; default {@link TrackBehaviour#ofDefaults()}. */
        public Builder behaviour(Track track, TrackBehaviour behaviour) {
            InvalidValueException.requireNonNull("track", track);
            behaviours.put(track, InvalidValueException.requireNonNull(track.label(), behaviour));
            return this;
        }

        /** Probability of a 5xx, 0..1, for {@code track}; default {@value TrackBehaviour#DEFAULT_ERROR_PROBABILITY}. */
        public Builder errorProbability(Track track, double probability) {
            TrackBehaviour current =
                    Objects.requireNonNull(behaviours.get(InvalidValueException.requireNonNull("track", track)));
            TrackBehaviour.validate(track.label() + ".", probability, current.latencyMedianMs(), current.latencyP99Ms());
            behaviours.put(track, current.withErrorProbability(probability));
            return this;
        }

        /**
         * Latency of {@code track}: median and 99th percentile in milliseconds (log-normal);
         * default {@value TrackBehaviour#DEFAULT_LATENCY_MEDIAN_MS} and {@value TrackBehaviour#DEFAULT_LATENCY_P99_MS}.
         */
        public Builder latency(Track track, double medianMs, double p99Ms) {
            TrackBehaviour current =
                    Objects.requireNonNull(behaviours.get(InvalidValueException.requireNonNull("track", track)));
            TrackBehaviour.validate(track.label() + ".", current.errorProbability(), medianMs, p99Ms);
            behaviours.put(track, current.withLatency(medianMs, p99Ms));
            return this;
        }

        /** Shorthand for {@code errorProbability(Track.CANARY, probability)}. */
        public Builder canaryErrorProbability(double probability) {
            return errorProbability(Track.CANARY, probability);
        }

        /** Shorthand for {@code latency(Track.CANARY, medianMs, p99Ms)}. */
        public Builder canaryLatency(double medianMs, double p99Ms) {
            return latency(Track.CANARY, medianMs, p99Ms);
        }

        /**
         * Whether a window's request count is drawn from a Poisson distribution with mean
         * {@code requestRate * seconds} (true) or fixed at its rounded mean (false, the default,
         * which keeps every existing simulation's output unchanged).
         */
        public Builder poissonArrivals(boolean poissonArrivals) {
            this.poissonArrivals = poissonArrivals;
            return this;
        }

        /** Errors correlated in time, see {@link ErrorBursts}; default none (errors independent in time). */
        public Builder errorBursts(ErrorBursts errorBursts) {
            this.errorBursts = InvalidValueException.requireNonNull("errorBursts", errorBursts);
            return this;
        }

        /**
         * Adds a listener told of every window the service serves, as soon as it is served (under
         * the service's lock: it must not call the service back), e.g. to feed a judge the counts
         * the threshold checks saw.
         */
        public Builder windowListener(Consumer<TrafficWindow> listener) {
            windowListeners.add(InvalidValueException.requireNonNull("windowListener", listener));
            return this;
        }

        public SimulatedService build() {
            return new SimulatedService(this);
        }
    }
}
