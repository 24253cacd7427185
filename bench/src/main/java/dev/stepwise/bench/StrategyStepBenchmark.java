package dev.stepwise.bench;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.strategy.Strategy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Strategy step throughput: decisions per second of one canary step with a passing analysis, and,
 * as the baseline measured in the same run, building the observation alone (so the ratio shows
 * what the decision itself costs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StrategyStepBenchmark {

    private Strategy canary;
    private RolloutState atTwenty;
    private Instant now;

    @Setup
    public void setUp() {
        canary = CanaryStrategy.builder().stepWeight(10).maxWeight(50).analysis(AnalysisPolicy.builder()
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99)))
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_DURATION, ThresholdRange.atMost(500))).build()).build();
        now = Instant.parse("2026-01-01T00:00:00Z");
        RolloutState state = canary.initialState("v2", now);
        for (int i = 0; i < 3; i++) {
            state = canary.step(state, observation(i)).state();
        }
        atTwenty = state;
    }

    private Observation observation(int minute) {
        return Observation.at(now.plus(Duration.ofMinutes(minute)), "v2")
                .verdict(Verdict.pass(MetricCheck.REQUEST_SUCCESS_RATE, 99.9))
                .verdict(Verdict.pass(MetricCheck.REQUEST_DURATION, 120))
                .build();
    }

    /** Baseline: the observation a step needs, without the step. */
    @Benchmark
    public void observationOnly(Blackhole bh) {
        bh.consume(observation(4));
    }

    /** One canary decision: judge two verdicts and advance the weight. */
    @Benchmark
    public Transition canaryStep() {
        return canary.step(atTwenty, observation(4));
    }
}
