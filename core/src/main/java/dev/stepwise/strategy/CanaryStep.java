package dev.stepwise.strategy;

import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One step of an explicit canary step list ({@link StepListStrategy}), as Argo Rollouts users
 * write them under {@code canary.steps}. Each record validates its own ranges; what depends on
 * the steps before it (a weight never decreasing, removing a route that exists) is checked by
 * {@link StepListStrategyBuilder}.
 */
public sealed interface CanaryStep {

    /** The key of this step in a spec, e.g. {@code setWeight}. */
    String key();

    /** Route {@code weight} percent of the requests no header route matches to the canary, 0..100. */
    record SetWeight(int weight) implements CanaryStep {
        public SetWeight {
            InvalidValueException.requireBetween("setWeight", weight, 0, 100);
        }

        @Override
        public String key() {
            return "setWeight";
        }

        @Override
        public String toString() {
            return "setWeight " + weight;
        }
    }

    /**
     * Wait: for {@code duration} ({@link #MIN_DURATION} to {@link #MAX_DURATION}), or, when empty,
     * until an operator's {@code promote} (or {@code resume}).
     */
    record Pause(Optional<Duration> duration) implements CanaryStep {
        /** The shortest timed pause: 1 second. */
        public static final Duration MIN_DURATION = Duration.ofSeconds(1);
        /** The longest timed pause: 7 days; longer is a release plan, and an indefinite pause says so. */
        public static final Duration MAX_DURATION = Duration.ofDays(7);

        public Pause {
            InvalidValueException.requireNonNull("duration", duration);
            duration.ifPresent(d -> InvalidValueException.requireBetween("duration", d, MIN_DURATION, MAX_DURATION));
        }

        /** A pause of {@code duration}. */
        public static Pause of(Duration duration) {
            return new Pause(Optional.of(duration));
        }

        /** A pause until an operator promotes the rollout. */
        public static Pause untilPromoted() {
            return new Pause(Optional.empty());
        }

        @Override
        public String key() {
            return "pause";
        }

        @Override
        public String toString() {
            return duration.map(d -> "pause " + dev.stepwise.time.Durations.format(d)).orElse("pause until promoted");
        }
    }

    /**
     * Judge {@code metrics} (on top of the rollout's own checks) for {@code iterations} passing
     * analysis intervals, 1..1000; these checks run at this step only. A failure counts towards
     * the rollout's threshold, like any failed analysis.
     */
    record Analysis(List<MetricCheck> metrics, int iterations) implements CanaryStep {
        public Analysis {
            metrics = List.copyOf(InvalidValueException.requireNonNull("metrics", metrics));
            if (metrics.isEmpty()) {
                throw new InvalidValueException("metrics", "[]", "must hold at least one check");
            }
            InvalidValueException.requireBetween("iterations", iterations, 1, 1000);
        }

        /** One passing interval of {@code metrics}. */
        public static Analysis of(MetricCheck... metrics) {
            return new Analysis(List.of(metrics), 1);
        }

        @Override
        public String key() {
            return "analysis";
        }

        @Override
        public String toString() {
            return "analysis of " + metrics.stream().map(MetricCheck::name).collect(Collectors.joining(", "))
                    + (iterations == 1 ? "" : " for " + iterations + " intervals");
        }
    }

    /**
     * Send requests matching every condition of {@code match} to the canary, whatever the weight,
     * under the route's {@code name}; an empty {@code match} removes the route of that name.
     * Header routes end when traffic returns to stable after promotion.
     */
    record SetHeaderRoute(String name, List<MatchCondition> match) implements CanaryStep {
        public SetHeaderRoute {
            requireName(name);
            match = List.copyOf(InvalidValueException.requireNonNull("match", match));
        }

        /** Removes the header route {@code name}. */
        public static SetHeaderRoute remove(String name) {
            return new SetHeaderRoute(name, List.of());
        }

        public boolean removes() {
            return match.isEmpty();
        }

        @Override
        public String key() {
            return "setHeaderRoute";
        }

        @Override
        public String toString() {
            return "setHeaderRoute " + name + (removes() ? " removed" : " " + match);
        }
    }

    /**
     * Copy {@code percentage} percent (1..100) of the requests stable serves to the canary, whose
     * answers are discarded, under the route's {@code name}; an empty percentage removes the
     * mirror of that name. One mirror at a time; it ends when the canary is promoted.
     */
    record SetMirrorRoute(String name, Optional<Integer> percentage) implements CanaryStep {
        public SetMirrorRoute {
            requireName(name);
            InvalidValueException.requireNonNull("percentage", percentage);
            percentage.ifPresent(p -> InvalidValueException.requireBetween("percentage", p, 1, 100));
        }

        public static SetMirrorRoute of(String name, int percentage) {
            return new SetMirrorRoute(name, Optional.of(percentage));
        }

        public static SetMirrorRoute remove(String name) {
            return new SetMirrorRoute(name, Optional.empty());
        }

        public boolean removes() {
            return percentage.isEmpty();
        }

        @Override
        public String key() {
            return "setMirrorRoute";
        }

        @Override
        public String toString() {
            return "setMirrorRoute " + name + percentage.map(p -> " " + p + "%").orElse(" removed");
        }
    }

    /**
     * Scale the canary: to {@code weight} percent of the target's replicas (1..100), or, when
     * empty, to match its traffic weight from now on (at least one pod). Before any
     * {@code setCanaryScale} the canary runs at 100%, as in every built-in strategy.
     */
    record SetCanaryScale(Optional<Integer> weight) implements CanaryStep {
        public SetCanaryScale {
            InvalidValueException.requireNonNull("weight", weight);
            weight.ifPresent(w -> InvalidValueException.requireBetween("weight", w, 1, 100));
        }

        public static SetCanaryScale toWeight(int weight) {
            return new SetCanaryScale(Optional.of(weight));
        }

        public static SetCanaryScale matchTrafficWeight() {
            return new SetCanaryScale(Optional.empty());
        }

        @Override
        public String key() {
            return "setCanaryScale";
        }

        @Override
        public String toString() {
            return "setCanaryScale " + weight.map(w -> w + "%").orElse("matching the traffic weight");
        }
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("name", name == null ? "null" : "\"" + name + "\"", "must be a non-empty route name");
        }
    }
}
