package dev.stepwise.engine;

import static dev.stepwise.engine.RolloutEngineTest.HEALTHY;
import static dev.stepwise.engine.RolloutEngineTest.INTERVAL;
import static dev.stepwise.engine.RolloutEngineTest.T0;
import static dev.stepwise.engine.RolloutEngineTest.canary;
import static dev.stepwise.engine.RolloutEngineTest.definition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.rollout.Command;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.VirtualScheduler;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A command sent while the start's look is between its load and its save (the controller takes a
 * promote from its annotation ~50 ms after the start). The look holds the rollout's lock, so the
 * command waits for it; the look used to schedule its next look (an interval later) only after it
 * let the lock go, so a command stored in that moment had its look at once replaced, and the
 * rollout sat at 0% for the whole interval. {@code promote} skips the current step's analysis: the
next step comes at once, not an interval later. The look runs on a real thread of its own, stalled
 * on a latch in its state save ({@link Stall}); the command is sent from another; virtual time.
 */
@DisplayName("A command sent while a look runs")
class CommandDuringALookTest {

    private static final String ROLLOUT = "test/podinfo";

    @RegisterExtension
    final EveryRolloutHasOneNextLook nextLooks = new EveryRolloutHasOneNextLook();

    @RepeatedTest(20)
    @DisplayName("is taken at once after that look, never left for the interval the look scheduled")
    void promoteSentWhileTheStartsLookSavesIsTaken() throws InterruptedException {
        VirtualScheduler scheduler = VirtualScheduler.startingAt(T0);
        InMemoryStateStore real = new InMemoryStateStore();
        InMemoryTrafficRouter router = InMemoryTrafficRouter.builder().verificationLag(1).build();
        // the first save, made by the first look (it holds the rollout's lock while it saves)
        Stall stall = new Stall(1);
        StateStore store = stall.around(StateStore.class, real, Set.of("save"));
        RolloutEngine engine = nextLooks.watch(RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler)
                .stateStore(store).build(), scheduler);
        engine.register(definition("podinfo", canary(1), router, RolloutEngineTest.workload(), HEALTHY));

        Thread look = new Thread(() -> scheduler.advance(Duration.ofSeconds(1)), "look");
        look.start();
        assertThat(stall.awaitReached()).as("the look reached its save").isTrue();
        Thread command = new Thread(() -> engine.command(ROLLOUT, Command.PROMOTE), "command");
        command.start();
        awaitBlocked(command);
        stall.release();
        look.join(TimeUnit.SECONDS.toMillis(Stall.WAIT_SECONDS));
        command.join(TimeUnit.SECONDS.toMillis(Stall.WAIT_SECONDS));
        assertThat(look.isAlive() || command.isAlive()).as("both threads done").isFalse();

        // well inside the interval: the promote's own looks, and the split's verification polls
        scheduler.advance(INTERVAL.dividedBy(2));

        StoredRollout now = real.load(ROLLOUT).orElseThrow();
        assertThat(now.commands()).as("commands pending a second later (interval %s)", INTERVAL).isEmpty();
        assertThat(now.state().split()).as("promote skips the start's wait: the first step (10%%), half an interval after")
                .isEqualTo(TrafficSplit.canary(10));
    }

    @org.junit.jupiter.api.Test
    @DisplayName("a promote that finds the canary not ready yet waits for it (asked again at the verification poll), not consumed by the wait")
    void promoteWaitsForTheCanaryToBeReady() {
        VirtualScheduler scheduler = VirtualScheduler.startingAt(T0);
        InMemoryStateStore store = new InMemoryStateStore();
        InMemoryTrafficRouter router = InMemoryTrafficRouter.builder().build();
        dev.stepwise.testkit.InMemoryWorkload workload = dev.stepwise.testkit.InMemoryWorkload.builder().readinessDelay(3).build();
        workload.deploy("v2");
        RolloutEngine engine = nextLooks.watch(RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler)
                .stateStore(store).build(), scheduler);
        engine.register(definition("podinfo", canary(1), router, workload, HEALTHY));
        scheduler.advance(Duration.ofMillis(1));
        assertThat(store.load(ROLLOUT).orElseThrow().state().split()).as("started").isEqualTo(TrafficSplit.canary(0));

        engine.command(ROLLOUT, Command.PROMOTE);
        scheduler.advance(INTERVAL.dividedBy(2));

        StoredRollout now = store.load(ROLLOUT).orElseThrow();
        assertThat(now.commands()).as("commands pending half an interval later").isEmpty();
        assertThat(now.state().split()).as("the promote took the first step once the canary was ready").isEqualTo(TrafficSplit.canary(10));
    }

    /** Waits (bounded) until {@code thread} waits for the rollout's lock the look holds. */
    private static void awaitBlocked(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Stall.WAIT_SECONDS);
        while (thread.getState() != Thread.State.BLOCKED) {
            assertThat(System.nanoTime()).as("%s blocked on the rollout's lock in time", thread).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
