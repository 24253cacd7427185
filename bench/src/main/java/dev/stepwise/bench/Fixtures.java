package dev.stepwise.bench;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.rollout.Observation;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.MetricSource;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.InMemoryWorkload;
import java.time.Duration;
import java.time.Instant;

/** The rollout every benchmark measures: a healthy canary, 10% steps to 50%, one check. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration INTERVAL = Duration.ofMinutes(1);
    static final CanaryStrategy CANARY = CanaryStrategy.builder().stepWeight(10).maxWeight(50)
            .analysis(AnalysisPolicy.builder().interval(INTERVAL)
                    .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99))).build())
            .build();
    static final MetricSource HEALTHY = query -> MetricResult.of(99.9);

    private Fixtures() {
    }

    static RolloutDefinition definition(int i) {
        InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
        workload.deploy("v2");
        return RolloutDefinition.builder("bench", "svc-" + i).strategy(CANARY).router(InMemoryTrafficRouter.ofDefaults())
                .workload(workload).metrics(HEALTHY).build();
    }

    static Observation passing(int minute) {
        return Observation.at(T0.plus(INTERVAL.multipliedBy(minute)), "v2")
                .verdict(Verdict.pass(MetricCheck.REQUEST_SUCCESS_RATE, 99.9)).build();
    }
}
