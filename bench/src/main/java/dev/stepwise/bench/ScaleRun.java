package dev.stepwise.bench;

import dev.stepwise.engine.InMemoryStateStore;
import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.testkit.VirtualScheduler;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The scale run: N rollouts (default 10,000) on one engine on virtual time. Reports the wall time
 * per simulated interval, the retained heap per rollout, and both as ratios against baselines
 * measured in the same run: the same steps with the strategies alone, and the heap of the same
 * definitions (strategy, in-memory router and workload) before they are registered.
 *
 * <p>Run: {@code bench/run-scale [N]}. Heap figures need {@code -Xmx} well above the working set
 * and come from {@link Runtime} after repeated {@link System#gc()}: a good estimate, not a dump.
 */
public final class ScaleRun {

    private ScaleRun() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        System.out.printf("Scale run: %,d healthy canary rollouts on one engine, virtual time (%s)%n", n,
                ManagementFactory.getRuntimeMXBean().getVmVersion());

        long strategyNanos = strategyBaseline(n);

        long heapBefore = usedHeap();
        List<RolloutDefinition> definitions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            definitions.add(Fixtures.definition(i));
        }
        long heapDefinitions = usedHeap() - heapBefore;

        VirtualScheduler scheduler = VirtualScheduler.startingAt(Fixtures.T0);
        InMemoryStateStore store = new InMemoryStateStore();
        RolloutEngine engine = RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler).stateStore(store).build();
        definitions.forEach(engine::register);

        List<Long> intervalNanos = new ArrayList<>();
        long heapEngine = 0;
        for (int interval = 0; interval < 20; interval++) {
            long start = System.nanoTime();
            scheduler.advance(Fixtures.INTERVAL);
            intervalNanos.add(System.nanoTime() - start);
            if (interval == 3) {
                heapEngine = usedHeap() - heapBefore - heapDefinitions;
            }
            if (allEnded(engine, n)) {
                break;
            }
        }
        if (!allEnded(engine, n)) {
            throw new IllegalStateException("not every rollout ended within 20 intervals");
        }
        report(n, strategyNanos, intervalNanos, heapDefinitions, heapEngine);
        engine.close();
    }

    private static long strategyBaseline(int n) {
        for (int warm = 0; warm < 3; warm++) {
            runStrategies(n);
        }
        long start = System.nanoTime();
        runStrategies(n);
        return System.nanoTime() - start;
    }

    private static int runStrategies(int n) {
        int steps = 0;
        for (int r = 0; r < n; r++) {
            RolloutState state = Fixtures.CANARY.initialState("v2", Fixtures.T0);
            for (int i = 0; !state.phase().isTerminal(); i++) {
                state = Fixtures.CANARY.step(state, Fixtures.passing(i)).state();
                steps++;
            }
        }
        return steps;
    }

    private static boolean allEnded(RolloutEngine engine, int n) {
        for (int i = 0; i < n; i++) {
            if (!engine.status("bench/svc-" + i).map(r -> r.state().phase().isTerminal() && r.isCommitted()).orElse(false)) {
                return false;
            }
        }
        return true;
    }

    private static void report(int n, long strategyNanos, List<Long> intervals, long heapDefinitions, long heapEngine) {
        int steps = Fixtures.CANARY.stepsToSuccess();
        long total = intervals.stream().mapToLong(Long::longValue).sum();
        long max = intervals.stream().mapToLong(Long::longValue).max().orElse(0);
        double perReconcile = (double) total / ((long) n * steps);
        double perStep = (double) strategyNanos / ((long) n * steps);
        System.out.printf("simulated intervals:          %d (first one registers and starts every rollout)%n", intervals.size());
        System.out.printf("wall time per interval:       mean %.1f ms, max %.1f ms%n", total / 1e6 / intervals.size(), max / 1e6);
        System.out.printf("per reconcile (engine):       %.2f us%n", perReconcile / 1e3);
        System.out.printf("per step (strategy alone):    %.2f us   -> engine/strategy = %.1fx%n", perStep / 1e3, perReconcile / perStep);
        System.out.printf("heap per rollout, definition: %,d bytes (strategy shared; in-memory router, workload)%n", heapDefinitions / n);
        System.out.printf("heap per rollout, engine:     %,d bytes (registration, stored record)   -> %.2fx the definition%n",
                heapEngine / n, (double) heapEngine / Math.max(1, heapDefinitions));
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
