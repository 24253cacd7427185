package dev.stepwise.cli;

import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.strategy.CanaryStep;
import dev.stepwise.strategy.StepListStrategy;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.TrackBehaviour;
import dev.stepwise.traffic.Track;
import dev.stepwise.validation.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the simulated service behaves while a plan runs: traffic, how each track answers, the
 * values of custom metrics (which the simulation cannot measure), and changes over virtual time.
 *
 * @param name          what to call it in output: {@code healthy}, {@code failing} or a file name
 * @param requestRate   requests per second, at least 0
 * @param seed          seed of the simulated traffic
 * @param matchingShare share of requests, 0..1, matching an A/B test's route matches
 * @param tracks        how each track answers at the start; every track present
 * @param metrics       value of each custom metric at the start, by name; one without a value is
 *                      answered inside its threshold range (see {@link #passing})
 * @param changes       changes, in order of time
 */
record Scenario(String name, double requestRate, long seed, double matchingShare, Map<Track, TrackBehaviour> tracks,
                Map<String, Double> metrics, List<Change> changes) {

    /** How stable answers unless told otherwise: 0.1% errors, median 50 ms, p99 200 ms. */
    static final TrackBehaviour STABLE = new TrackBehaviour(0.001, 50, 200);
    static final double DEFAULT_REQUEST_RATE = SimulatedService.DEFAULT_REQUEST_RATE;
    static final long DEFAULT_SEED = SimulatedService.DEFAULT_SEED;
    /** A tenth of the requests match an A/B test's routes, so that its canary has traffic to judge. */
    static final double DEFAULT_MATCHING_SHARE = 0.1;
    /** Half the canary's requests fail in the failing scenario. */
    static final double FAILING_ERROR_RATE = 0.5;
    /** The failing canary's p99 when no check bounds latency. */
    static final double FAILING_P99_FLOOR_MS = 2000;

    /**
     * A change from time {@code at} on: the behaviour of the tracks it names (whole, with what
     * the change left out carried over) and new values of custom metrics.
     */
    record Change(Duration at, Map<Track, TrackBehaviour> tracks, Map<String, Double> metrics) {
        Change {
            tracks = Map.copyOf(tracks);
            metrics = Map.copyOf(metrics);
        }
    }

    Scenario {
        tracks = Map.copyOf(tracks);
        metrics = Map.copyOf(metrics);
        changes = List.copyOf(changes);
    }

    /** Every track answers as stable does: 0.1% errors, median 50 ms, p99 200 ms. */
    static Scenario healthy(Strategy strategy) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        customChecks(strategy).forEach(c -> metrics.put(c.name(), passing(c.thresholdRange())));
        return new Scenario("healthy", DEFAULT_REQUEST_RATE, DEFAULT_SEED, DEFAULT_MATCHING_SHARE,
                sameEverywhere(STABLE), metrics, List.of());
    }

    /**
     * The canary fails every analysis: half its requests fail, its latency is four times the
     * highest latency bound of the strategy's checks (at least {@value #FAILING_P99_FLOOR_MS} ms at p99),
     * and every custom metric is outside its range.
     */
    static Scenario failing(Strategy strategy) {
        double bound = strategy.analysis().metrics().stream()
                .filter(c -> MetricCheck.REQUEST_DURATION.equals(c.name()) && c.query().isEmpty())
                .filter(c -> c.thresholdRange().max() != null)
                .mapToDouble(c -> c.thresholdRange().max()).max().orElse(0);
        double p99 = Math.max(FAILING_P99_FLOOR_MS, 4 * bound);
        Map<Track, TrackBehaviour> tracks = new EnumMap<>(sameEverywhere(STABLE));
        tracks.put(Track.CANARY, new TrackBehaviour(FAILING_ERROR_RATE, p99 / 2, p99));
        Map<String, Double> metrics = new LinkedHashMap<>();
        customChecks(strategy).forEach(c -> metrics.put(c.name(), failing(c.thresholdRange())));
        return new Scenario("failing", DEFAULT_REQUEST_RATE, DEFAULT_SEED, DEFAULT_MATCHING_SHARE, tracks, metrics, List.of());
    }

    /** A value inside {@code range}: the middle of a closed range, else a tenth (at least 1) inside the bound. */
    static double passing(ThresholdRange range) {
        if (range.min() != null && range.max() != null) {
            return (range.min() + range.max()) / 2;
        }
        if (range.min() != null) {
            return range.min() + margin(range.min());
        }
        double max = Objects.requireNonNull(range.max(), "a range without min has a max");
        return max - margin(max);
    }

    /** A value outside {@code range}: below the minimum, else above the maximum, by half the bound's size (at least 5). */
    static double failing(ThresholdRange range) {
        if (range.min() != null) {
            return range.min() - 5 * margin(range.min());
        }
        double max = Objects.requireNonNull(range.max(), "a range without min has a max");
        return max + 5 * margin(max);
    }

    private static double margin(double bound) {
        return Math.max(1, Math.abs(bound) / 10);
    }

    static Map<Track, TrackBehaviour> sameEverywhere(TrackBehaviour behaviour) {
        Map<Track, TrackBehaviour> tracks = new EnumMap<>(Track.class);
        for (Track track : Track.values()) {
            tracks.put(track, behaviour);
        }
        return tracks;
    }

    /** The checks the simulation cannot measure: those with a query of their own. */
    static List<MetricCheck> customChecks(Strategy strategy) {
        List<MetricCheck> all = new ArrayList<>(strategy.analysis().metrics());
        if (strategy instanceof StepListStrategy steps) {
            // an analysis step's checks; a name checked at two steps takes one value
            steps.steps().stream().filter(CanaryStep.Analysis.class::isInstance)
                    .flatMap(step -> ((CanaryStep.Analysis) step).metrics().stream())
                    .filter(c -> all.stream().noneMatch(known -> known.name().equals(c.name())))
                    .forEach(all::add);
        }
        return all.stream().filter(c -> !c.query().isEmpty()).toList();
    }

    Scenario withSeed(long newSeed) {
        return new Scenario(name, requestRate, newSeed, matchingShare, tracks, metrics, changes);
    }

    /** A new service behaving as this scenario says at the start. */
    SimulatedService service() {
        SimulatedService.Builder builder = SimulatedService.builder().requestRate(requestRate).seed(seed)
                .matchingShare(matchingShare);
        tracks.forEach(builder::behaviour);
        return builder.build();
    }

    /**
     * What does not fit {@code strategy}: a metric value for a name that is not one of its
     * custom checks. Paths as in the scenario file, e.g. {@code changes[0].metrics.lag}.
     */
    List<Problem> problemsWith(Strategy strategy) {
        List<String> custom = customChecks(strategy).stream().map(MetricCheck::name).toList();
        List<Problem> problems = new ArrayList<>();
        checkMetricNames(problems, "metrics", metrics, custom);
        for (int i = 0; i < changes.size(); i++) {
            checkMetricNames(problems, "changes[" + i + "].metrics", changes.get(i).metrics(), custom);
        }
        return problems;
    }

    private static void checkMetricNames(List<Problem> problems, String path, Map<String, Double> values,
                                         List<String> custom) {
        values.keySet().stream().sorted().filter(name -> !custom.contains(name)).forEach(name -> {
            String why = MetricCheck.isBuiltIn(name)
                    ? "is measured from the simulated traffic; set the tracks' errorRate and latency instead"
                    : custom.isEmpty() ? "is not a custom metric of the spec, which has none"
                    : "is not a custom metric of the spec; its custom metrics: " + String.join(", ", custom);
            problems.add(new Problem(path + "." + name, why));
        });
    }
}
