package dev.stepwise.testkit;

import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Serves a window too large to route request by request (more than
 * {@link SimulatedService#MAX_ROUTED_REQUESTS}): each count is drawn from the distribution the
 * request-by-request routing would give it (binomial), and each track's latencies are a sample of
 * {@link TrackStats#MAX_LATENCY_SAMPLES}. Cost and memory are therefore the same for a window of
 * a minute as for one of a day, whatever the request rate.
 */
final class CountedWindow {

    /** Below this mean a binomial count is drawn as Poisson (exact enough); above it, as normal. */
    private static final double POISSON_BELOW = 30.0;

    private CountedWindow() {
    }

    static TrafficWindow serve(TrafficSplit split, Duration window, long total, double matchingShare,
                               Map<Track, TrackBehaviour> behaviours, List<ErrorBursts.Stretch> stretches, Random random) {
        Map<Track, Long> live = new EnumMap<>(Track.class);
        long matched = !split.matches().isEmpty() && matchingShare > 0 ? binomial(random, total, matchingShare) : 0;
        long rest = total - matched;
        long stable = binomial(random, rest, split.stable() / 100.0);
        int others = split.canary() + split.baseline();
        long canary = others == 0 ? 0 : binomial(random, rest - stable, split.canary() / (double) others);
        live.put(Track.STABLE, stable);
        live.put(Track.CANARY, canary);
        live.put(Track.BASELINE, rest - stable - canary);
        if (matched > 0) {
            live.merge(split.matches().get(0).track(), matched, Long::sum);
        }
        long stableLive = Objects.requireNonNull(live.get(Track.STABLE));
        long mirrored = split.mirrorPercent() > 0 ? binomial(random, stableLive, split.mirrorPercent() / 100.0) : 0;
        Map<Track, TrackStats> stats = new EnumMap<>(Track.class);
        for (Track track : Track.values()) {
            long copies = track == Track.CANARY ? mirrored : 0;
            long requests = Objects.requireNonNull(live.get(track)) + copies;
            stats.put(track, stats(requests, copies, Objects.requireNonNull(behaviours.get(track)), stretches, random));
        }
        return new TrafficWindow(split, window, stats);
    }

    private static TrackStats stats(long requests, long mirrored, TrackBehaviour behaviour,
                                    List<ErrorBursts.Stretch> stretches, Random random) {
        long errors = 0;
        long left = requests;
        double shareLeft = 1.0;
        for (int i = 0; i < stretches.size(); i++) {
            ErrorBursts.Stretch stretch = stretches.get(i);
            // the requests of this stretch, then its errors at its multiplier (one stretch: all requests, as before)
            boolean last = i == stretches.size() - 1;
            long inStretch = last ? left : binomial(random, left, Math.min(1.0, stretch.share() / shareLeft));
            errors += binomial(random, inStretch, Math.min(1.0, behaviour.errorProbability() * stretch.multiplier()));
            left -= inStretch;
            shareLeft -= stretch.share();
        }
        int samples = (int) Math.min(requests, TrackStats.MAX_LATENCY_SAMPLES);
        List<Double> latencies = new ArrayList<>(samples);
        for (int i = 0; i < samples; i++) {
            latencies.add(behaviour.sampleLatencyMs(random));
        }
        return new TrackStats(requests, mirrored, errors, latencies);
    }

    /**
     * A draw of Binomial({@code n}, {@code p}): Poisson for a small mean, normal (rounded and
     * clamped to 0..n) otherwise; both are close approximations at the sizes served here.
     */
    static long binomial(Random random, long n, double p) {
        if (n <= 0 || p <= 0.0) {
            return 0;
        }
        if (p >= 1.0) {
            return n;
        }
        if (p > 0.5) {
            return n - binomial(random, n, 1.0 - p);
        }
        double mean = n * p;
        if (mean < POISSON_BELOW) {
            return Math.min(n, knuth(random, mean));
        }
        double draw = mean + Math.sqrt(mean * (1.0 - p)) * random.nextGaussian();
        return Math.max(0, Math.min(n, Math.round(draw)));
    }

    /**
     * A draw of Poisson({@code mean}): exact (Knuth's method) below {@link #POISSON_BELOW}, normal
     * (rounded, at least 0) above, where the two differ by less than the Poisson's own skew.
     */
    static long poisson(Random random, double mean) {
        if (mean <= 0.0) {
            return 0;
        }
        if (mean >= POISSON_BELOW) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        return knuth(random, mean);
    }

    /** Knuth's method; {@code mean} is below {@link #POISSON_BELOW}, so a few dozen draws at most. */
    private static long knuth(Random random, double mean) {
        double limit = Math.exp(-mean);
        long count = -1;
        double product = 1.0;
        do {
            count++;
            product *= random.nextDouble();
        } while (product > limit);
        return count;
    }
}
