package dev.stepwise.bench.decisions;

import dev.stepwise.analysis.JudgeCheck;
import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.rollout.Decision;
import dev.stepwise.spi.CountQuery;
import dev.stepwise.spi.CountResult;
import dev.stepwise.spi.MetricQuery;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.MetricSource;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.testkit.EngineRun;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.RolloutSimulation;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * (e) The schedule with judges of (d), run through the real {@code RolloutEngine} ({@link EngineRun}
 * on virtual time, an in-memory router and workload, a {@link SharedWindowSource}) with the
 * judges looking every {@code every} between the analyses ({@code spec.analysis.judges[].interval}):
 * a {@code HARMFUL} judge look rolls back at once, the steps keep their minute. Queries at one
 * instant over one window read the same simulated traffic; the canary's exposure is counted from
 * the error judge's windows, which tile the time from the first shift to the decision. Undecided after
 * {@link ThresholdSchedule#DEADLINE_STEPS} minutes.
 */
final class EngineWithJudgeLooks implements Contestant {

    private final CanaryStrategy strategy;
    private final String countedJudge;
    private final String name;

    /** The schedule of {@link ThresholdSchedule} with {@code judges}, each looking every {@code every}. */
    EngineWithJudgeLooks(List<JudgeCheck> judges, Duration every, String name) {
        this.strategy = ThresholdSchedule.strategy(judges.stream().map(j -> j.interval(every)).collect(Collectors.toList()));
        this.countedJudge = judges.get(0).name();
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Outcome run(Scenario scenario, long seed) {
        SimulatedService service = scenario.service(seed).build();
        VirtualScheduler scheduler = VirtualScheduler.startingAt(RolloutSimulation.DEFAULT_START);
        Instant start = scheduler.clock().instant();
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
        workload.deploy("v2");
        AtomicLong canaryRequests = new AtomicLong();
        // a window that starts at or after the switch is served at the later rate, as in (d)
        SharedWindowSource shared = new SharedWindowSource(service, router, scheduler.clock(), from -> {
            if (scenario.switches() && !from.isBefore(start.plus(scenario.switchAt()))) {
                service.canaryErrorProbability(scenario.laterErrors());
            }
        });
        MetricSource source = counting(shared, countedJudge, canaryRequests);
        RolloutDefinition definition = RolloutDefinition.builder("bench", "podinfo").strategy(strategy).router(router)
                .workload(workload).metrics(source).build();
        AtomicReference<Outcome> decided = new AtomicReference<>();
        EngineRun.of(definition).scheduler(scheduler).until(ThresholdSchedule.INTERVAL.multipliedBy(ThresholdSchedule.DEADLINE_STEPS))
                .listener(event -> {
                    if (decided.get() == null && event instanceof RolloutEvent.Stepped stepped) {
                        Decision decision = stepped.transition().decision();
                        if (decision == Decision.PROMOTE || decision == Decision.ROLL_BACK) {
                            decided.set(new Outcome(decision == Decision.PROMOTE ? Outcome.Decision.PROMOTED
                                    : Outcome.Decision.ROLLED_BACK, canaryRequests.get(), Duration.between(start, stepped.at())));
                        }
                    }
                }).run();
        Outcome outcome = decided.get();
        return outcome != null ? outcome : new Outcome(Outcome.Decision.UNDECIDED, canaryRequests.get(),
                Duration.between(start, scheduler.clock().instant()));
    }

    /** {@code shared}, adding the canary's requests of {@code judge}'s counts to {@code canaryRequests}. */
    private static MetricSource counting(SharedWindowSource shared, String judge, AtomicLong canaryRequests) {
        return new MetricSource() {
            @Override
            public MetricResult query(MetricQuery query) {
                return shared.query(query);
            }

            @Override
            public CountResult counts(CountQuery query) {
                CountResult result = shared.counts(query);
                if (query.judge().equals(judge) && result instanceof CountResult.Counts counts) {
                    canaryRequests.addAndGet(counts.canary().requests());
                }
                return result;
            }
        };
    }
}
