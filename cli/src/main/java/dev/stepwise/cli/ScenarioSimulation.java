package dev.stepwise.cli;

import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.rollout.Phase;
import dev.stepwise.strategy.CanaryStep;
import dev.stepwise.strategy.StepListStrategy;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.testkit.RolloutSimulation;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.SimulationResult;
import dev.stepwise.testkit.Step;
import dev.stepwise.timeline.Timeline;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a strategy on virtual time against the service a {@link Scenario} describes, with
 * {@link RolloutSimulation}, and returns its {@link Timeline}.
 *
 * <p>Custom-query checks, which the simulation cannot measure, are answered with the scenario's
 * current values ({@link RolloutSimulation.Builder#customMetric}); one the scenario sets no value
 * for, with a value inside its threshold range ({@link Scenario#passing}).
 *
 * <p>A change at time {@code at} is applied after the first step at or after {@code at}, so the
 * traffic served from then on (judged at the next step) behaves the new way.
 *
 * <p>A scenario issues no operator command, so a rollout that pauses (a step list's pause without
 * a duration, which waits for {@code promote}) would wait for ever: the plan ends there, Paused.
 */
final class ScenarioSimulation {

    private ScenarioSimulation() {
    }

    /**
     * @param rollout  the rollout's name, for the timeline
     * @param listener told of every step as it is taken, e.g. to draw progress
     * @throws IllegalStateException when the rollout does not end within
     *                               {@link RolloutSimulation#DEFAULT_MAX_STEPS} steps
     */
    static Timeline run(String rollout, Strategy strategy, Scenario scenario, Consumer<Step> listener) {
        SimulatedService service = scenario.service();
        Map<String, Double> values = new HashMap<>(scenario.metrics());
        Deque<Scenario.Change> pending = new ArrayDeque<>(scenario.changes());
        RolloutSimulation.Builder simulation = RolloutSimulation.builder(strategy).service(service);
        for (MetricCheck check : Scenario.customChecks(strategy)) {
            double unset = Scenario.passing(check.thresholdRange());
            simulation.customMetric(check.name(), () -> values.getOrDefault(check.name(), unset));
        }
        List<Step> taken = new ArrayList<>();
        SimulationResult result;
        try {
            result = simulation
                .listener(step -> {
                    while (!pending.isEmpty() && step.elapsed().compareTo(pending.peek().at()) >= 0) {
                        Scenario.Change change = pending.poll();
                        change.tracks().forEach(service::behaviour);
                        values.putAll(change.metrics());
                    }
                })
                .listener(listener)
                .listener(step -> {
                    taken.add(step);
                    if (step.state().phase() == Phase.PAUSED) {
                        throw new WaitsForCommand();
                    }
                })
                .build()
                .run();
        } catch (WaitsForCommand paused) {
            result = new SimulationResult(taken.get(taken.size() - 1).state(), taken);
        }
        return result.timeline(rollout, strategy);
    }

    /** Ends a run at a pause only an operator's command ends; never leaves {@link #run}. */
    private static final class WaitsForCommand extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WaitsForCommand() {
            super("the rollout waits for an operator's command", null, false, false);
        }
    }

    /** What the user should know about how the scenario was simulated: custom metrics, nothing to fail. */
    static List<String> notes(Strategy strategy, Scenario scenario) {
        List<String> notes = new ArrayList<>();
        for (MetricCheck check : Scenario.customChecks(strategy)) {
            Double value = scenario.metrics().get(check.name());
            notes.add(value != null
                    ? "custom metric " + check.name() + " cannot be measured in a simulation; scenario "
                            + scenario.name() + " sets it to " + TimelineText.number(value)
                    : "custom metric " + check.name() + " cannot be measured in a simulation and scenario "
                            + scenario.name() + " sets no value; answering "
                            + TimelineText.number(Scenario.passing(check.thresholdRange()))
                            + ", inside its threshold range " + check.thresholdRange());
        }
        if (strategy instanceof StepListStrategy steps) {
            for (int i = 0; i < steps.steps().size(); i++) {
                if (steps.steps().get(i) instanceof CanaryStep.Pause pause && pause.duration().isEmpty()) {
                    notes.add("steps[" + i + "] pauses until an operator's promote, which a scenario cannot give:"
                            + " the plan ends Paused there");
                    break;
                }
            }
        }
        if (strategy.analysis().expectedVerdicts().isEmpty()) {
            notes.add("the spec's analysis has no checks: every analysis passes, whatever the scenario");
        }
        return notes;
    }
}
