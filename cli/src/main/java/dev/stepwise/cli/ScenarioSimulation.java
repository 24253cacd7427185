package dev.stepwise.cli;

import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.WebhookClient;
import dev.stepwise.strategy.CanaryStep;
import dev.stepwise.strategy.StepListStrategy;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.testkit.EngineRun;
import dev.stepwise.testkit.EngineRunResult;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.RolloutRun;
import dev.stepwise.testkit.RolloutSimulation;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.SimulationResult;
import dev.stepwise.testkit.Step;
import dev.stepwise.testkit.VirtualScheduler;
import dev.stepwise.timeline.Timeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a strategy through the real {@link RolloutEngine} on virtual time ({@link EngineRun})
 * against the service a {@link Scenario} describes, and returns its {@link Timeline}: a plan shows
 * what a run does, step for step, because it is one. Each {@link RolloutEvent.Stepped} of the
 * engine is one step of the timeline; a transition that changes nothing (a wait) is no step, for
 * the engine as for {@code stepwise run}.
 *
 * <p>The rollout's parts: an {@link InMemoryTrafficRouter}, an {@link InMemoryWorkload} with
 * revision {@value RolloutSimulation#DEFAULT_REVISION} deployed, {@link ScenarioMetrics} (one
 * window of the scenario's traffic per analysis), and webhooks that all succeed but the rollback
 * trigger (no rollback requested). Custom-query checks, which the simulation cannot measure, are
 * answered with the scenario's current values; one the scenario sets no value for, with a value
 * inside its threshold range ({@link Scenario#passing}).
 *
 * <p>A change at time {@code at} is applied after the first step at or after {@code at}, so the
 * traffic served from then on (judged at the next step) behaves the new way.
 *
 * <p>A scenario issues no operator command, so a rollout that pauses (a step list's pause without
 * a duration, which waits for {@code promote}) would wait for ever: the plan ends there, Paused.
 */
final class ScenarioSimulation {

    /** At least how long a plan may take in virtual time. */
    static final Duration DEADLINE = EngineRun.DEFAULT_DEADLINE;

    /** Gates open and hooks succeed; the rollback trigger answers "no rollback requested". */
    static final WebhookClient WEBHOOKS = (webhook, context) -> webhook.type() == HookType.ROLLBACK
            ? WebhookClient.Outcome.failure("no rollback requested") : WebhookClient.Outcome.success();

    private ScenarioSimulation() {
    }

    /**
     * The parts of one plan: the definition the engine runs, the metric source it reads, the
     * simulated service behind it and the scheduler whose virtual time it runs on.
     */
    record Parts(RolloutDefinition definition, ScenarioMetrics metrics, SimulatedService service,
                 VirtualScheduler scheduler) {
    }

    /**
     * The rollout {@code strategy} plans against {@code scenario}, on a new scheduler, custom
     * checks answered from {@code values} (read at each analysis); see the class.
     */
    static Parts parts(String rollout, Strategy strategy, Scenario scenario, Map<String, Double> values) {
        SimulatedService service = scenario.service();
        VirtualScheduler scheduler = VirtualScheduler.startingAt(RolloutSimulation.DEFAULT_START);
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
        workload.deploy(RolloutSimulation.DEFAULT_REVISION);
        Map<String, Supplier<Double>> custom = new HashMap<>();
        for (MetricCheck check : Scenario.customChecks(strategy)) {
            double unset = Scenario.passing(check.thresholdRange());
            custom.put(check.name(), () -> values.getOrDefault(check.name(), unset));
        }
        ScenarioMetrics metrics = new ScenarioMetrics(service, router::inForce, scheduler.clock(), custom);
        RolloutDefinition definition = RolloutDefinition.builder("plan", rollout).strategy(strategy).router(router)
                .workload(workload).metrics(metrics).webhooks(WEBHOOKS).build();
        return new Parts(definition, metrics, service, scheduler);
    }

    /**
     * @param rollout  the rollout's name, for the timeline
     * @param listener told of every step as it is taken, e.g. to draw progress
     * @throws IllegalStateException when the rollout does not end within {@link #deadline} of virtual time
     */
    static Timeline run(String rollout, Strategy strategy, Scenario scenario, Consumer<Step> listener) {
        Map<String, Double> values = new HashMap<>(scenario.metrics());
        Parts parts = parts(rollout, strategy, scenario, values);
        Deque<Scenario.Change> pending = new ArrayDeque<>(scenario.changes());
        List<Step> taken = new ArrayList<>();
        Instant start = parts.scheduler().clock().instant();
        StepRecorder recorder = new StepRecorder(strategy, parts.metrics(), start, step -> {
            while (!pending.isEmpty() && step.elapsed().compareTo(pending.peek().at()) >= 0) {
                Scenario.Change change = pending.poll();
                change.tracks().forEach(parts.service()::behaviour);
                values.putAll(change.metrics());
            }
            listener.accept(step);
            taken.add(step);
        });
        Duration deadline = deadline(strategy);
        EngineRunResult result = EngineRun.of(parts.definition()).scheduler(parts.scheduler()).until(deadline)
                .stopWhenWaiting(rec -> rec.state().phase() == Phase.PAUSED).listener(recorder).run();
        RolloutRun run = result.rollout(parts.definition().id());
        if (!result.allEnded() && result.stop() != EngineRunResult.Stop.WAITING || taken.isEmpty()) {
            throw new IllegalStateException("the rollout of " + RolloutSimulation.DEFAULT_REVISION + " did not end within "
                    + deadline + " of virtual time; last: " + run);
        }
        return recorder.withJudges(new SimulationResult(run.stored().orElseThrow().state(), taken).timeline(rollout, strategy));
    }

    /**
     * How long a plan may take: {@value RolloutSimulation#DEFAULT_MAX_STEPS} analysis intervals, at
     * least {@link #DEADLINE}.
     */
    static Duration deadline(Strategy strategy) {
        Duration steps = strategy.analysis().interval().multipliedBy(RolloutSimulation.DEFAULT_MAX_STEPS);
        return steps.compareTo(DEADLINE) > 0 ? steps : DEADLINE;
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
