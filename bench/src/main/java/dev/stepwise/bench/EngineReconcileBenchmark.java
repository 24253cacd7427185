package dev.stepwise.bench;

import dev.stepwise.engine.InMemoryStateStore;
import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.testkit.VirtualScheduler;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Engine overhead per reconcile: a whole healthy canary rollout (9 steps) driven by the engine
 * over in-memory SPIs on virtual time, against the baseline of the same 9 strategy steps called
 * directly. The ratio of the two is what the engine adds around a decision: write-ahead, apply,
 * commit, verification, scheduling.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineReconcileBenchmark {

    /** Baseline: the strategy alone, 9 steps from start to Succeeded. */
    @Benchmark
    public RolloutState strategyOnly() {
        RolloutState state = Fixtures.CANARY.initialState("v2", Fixtures.T0);
        for (int i = 0; !state.phase().isTerminal(); i++) {
            state = Fixtures.CANARY.step(state, Fixtures.passing(i)).state();
        }
        return state;
    }

    /** The same rollout through the engine: 9 reconciles with write-ahead and commit. */
    @Benchmark
    public RolloutState throughTheEngine() {
        VirtualScheduler scheduler = VirtualScheduler.startingAt(Fixtures.T0);
        RolloutEngine engine = RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler)
                .stateStore(new InMemoryStateStore()).build();
        String id = engine.register(Fixtures.definition(0));
        RolloutState state = null;
        for (int i = 0; i < 20 && (state == null || !state.phase().isTerminal()); i++) {
            scheduler.advance(Fixtures.INTERVAL);
            state = engine.status(id).orElseThrow().state();
        }
        engine.close();
        return Objects.requireNonNull(state, "the loop ran at least once");
    }
}
