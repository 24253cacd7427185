package dev.stepwise.bench.decisions;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.JudgeCheck;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.rollout.Decision;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.testkit.RolloutSimulation;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.Step;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * (a) Flagger's defaults through the real {@link CanaryStrategy} on the testkit: stepWeight 10,
 * maxWeight 50, interval 1 minute, threshold 5, request-success-rate at least 99% and
 * request-duration (p99) at most 500 ms (Flagger's documented example values), no-data policy as
 * the strategy's default. The decision is the first step that promotes or rolls back; the canary's
 * requests are counted from the very windows the checks were judged on.
 */
final class ThresholdSchedule implements Contestant {

    static final int STEP_WEIGHT = 10;
    static final int MAX_WEIGHT = 50;
    static final Duration INTERVAL = Duration.ofMinutes(1);
    static final int THRESHOLD = 5;
    static final double MIN_SUCCESS_PERCENT = 99.0;
    static final double MAX_P99_MS = 500.0;
    /**
     * Steps after which a judged schedule is undecided: one hour at one step a minute, (b)'s
     * deadline. A judge that holds promotion may otherwise wait for as long as the traffic takes.
     */
    static final int DEADLINE_STEPS = 61;

    private final CanaryStrategy strategy;
    private final String name;

    /** (a): the threshold checks alone. */
    ThresholdSchedule() {
        this(List.of(), "(a) threshold schedule");
    }

    /** The same schedule with {@code judges} next to the threshold checks, e.g. contestant (d). */
    ThresholdSchedule(List<JudgeCheck> judges, String name) {
        this.strategy = strategy(judges);
        this.name = name;
    }

    /** Flagger's defaults as a {@link CanaryStrategy}, with {@code judges} next to the threshold checks. */
    static CanaryStrategy strategy(List<JudgeCheck> judges) {
        return CanaryStrategy.builder().stepWeight(STEP_WEIGHT).maxWeight(MAX_WEIGHT)
                .analysis(AnalysisPolicy.builder().interval(INTERVAL).threshold(THRESHOLD)
                        .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(MIN_SUCCESS_PERCENT)))
                        .metric(MetricCheck.builtIn(MetricCheck.REQUEST_DURATION, ThresholdRange.atMost(MAX_P99_MS)))
                        .judges(judges)
                        .build())
                .build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Outcome run(Scenario scenario, long seed) {
        AtomicLong canaryRequests = new AtomicLong();
        SimulatedService service = scenario.service(seed)
                .windowListener(window -> canaryRequests.addAndGet(window.canary().requests())).build();
        AtomicReference<Outcome> decided = new AtomicReference<>();
        RolloutSimulation simulation = RolloutSimulation.builder(strategy).service(service).maxSteps(DEADLINE_STEPS)
                .listener(step -> {
            if (scenario.switches() && step.elapsed().compareTo(scenario.switchAt()) >= 0) {
                service.canaryErrorProbability(scenario.laterErrors());
            }
            if (decided.get() == null && decides(step)) {
                decided.set(new Outcome(step.decision() == Decision.PROMOTE ? Outcome.Decision.PROMOTED
                        : Outcome.Decision.ROLLED_BACK, canaryRequests.get(), step.elapsed()));
            }
        }).build();
        try {
            simulation.run();
        } catch (IllegalStateException unfinished) {
            // more steps than the simulation allows: no decision, reported as such below
        }
        Outcome outcome = decided.get();
        return outcome != null ? outcome : new Outcome(Outcome.Decision.UNDECIDED, canaryRequests.get(),
                Duration.between(RolloutSimulation.DEFAULT_START, simulation.clock().instant()));
    }

    private static boolean decides(Step step) {
        return step.decision() == Decision.PROMOTE || step.decision() == Decision.ROLL_BACK;
    }
}
