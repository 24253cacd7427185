package dev.stepwise.cli;

import dev.stepwise.strategy.Strategy;
import dev.stepwise.traffic.TrafficSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The splits a spec's strategy writes on its healthy path, in the order it first writes each,
 * each once: what {@code stepwise render --step N} numbers from 1. Found by running the strategy
 * on virtual time against a healthy simulated service (as {@code stepwise plan} does), so every
 * strategy's splits (matches, mirror, baseline) are the very ones it writes.
 *
 * @param splits at least one; the route back to all-stable after promotion is the last
 */
record RolloutSplits(List<TrafficSplit> splits) {

    RolloutSplits {
        splits = List.copyOf(splits);
        if (splits.isEmpty()) {
            throw new IllegalArgumentException("a rollout writes at least one split");
        }
    }

    /**
     * The splits {@code strategy} writes when every analysis passes. A rollout that does not end
     * within the simulation's step bound (e.g. one waiting for an operator) gives the splits
     * written until then.
     */
    static RolloutSplits of(String rollout, Strategy strategy) {
        List<TrafficSplit> written = new ArrayList<>();
        try {
            ScenarioSimulation.run(rollout, strategy, Scenario.healthy(strategy), step -> {
                if (!written.contains(step.split()) && !step.split().equals(step.splitBefore())) {
                    written.add(step.split());
                }
            });
        } catch (IllegalStateException e) {
            // did not end within the bound: what it wrote until then is still what it writes
        }
        return new RolloutSplits(written.isEmpty() ? List.of(TrafficSplit.allStable()) : written);
    }

    /** Whether {@code split} sends anything to the canary or baseline: weight, matches or mirror. */
    static boolean reachesCanary(TrafficSplit split) {
        return split.stable() < 100 || !split.matches().isEmpty() || split.mirrorPercent() > 0;
    }

    /** The step (1-based) rendered by default: the first split that reaches the canary, else the first. */
    int firstToCanary() {
        for (int i = 0; i < splits.size(); i++) {
            if (reachesCanary(splits.get(i))) {
                return i + 1;
            }
        }
        return 1;
    }

    /** Step {@code step}, 1 to {@code splits().size()}. */
    TrafficSplit at(int step) {
        return splits.get(step - 1);
    }

    /** Whether any step gives the baseline track traffic. */
    boolean usesBaseline() {
        return splits.stream().anyMatch(s -> s.baseline() > 0);
    }

    /** One line per step: {@code   2  stable 90% / canary 10%}. */
    String listing() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < splits.size(); i++) {
            lines.add(String.format("  %2d  %s", i + 1, splits.get(i)));
        }
        return lines.stream().collect(Collectors.joining("\n"));
    }
}
