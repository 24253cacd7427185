package dev.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.VirtualScheduler;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A split the data plane never shows (a GitOps write lost on the way, a controller that stopped
 * applying): the wait for it ends at the retry deadline, as a failure with its events, and the
 * stuck policy applies (issue 12).
 */
@DisplayName("A split that is never verified")
class UnverifiedSplitTest {

    private static final Instant T0 = RolloutEngineTest.T0;

    private final VirtualScheduler scheduler = VirtualScheduler.startingAt(T0);
    @RegisterExtension
    final EveryRolloutHasOneNextLook nextLooks = new EveryRolloutHasOneNextLook();
    private final List<RolloutEvent> events = new ArrayList<>();
    /** Every change stays PENDING: the router's data plane never catches up. */
    private final InMemoryTrafficRouter router = InMemoryTrafficRouter.builder().verificationLag(Integer.MAX_VALUE).build();

    private RolloutEngine engine(RetryPolicy retry) {
        return nextLooks.watch(RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler)
                .stateStore(new InMemoryStateStore()).retry(retry).listener(events::add).build(), scheduler);
    }

    private String register(RolloutEngine engine) {
        return engine.register(RolloutEngineTest.definition("podinfo", RolloutEngineTest.canary(1), router,
                RolloutEngineTest.workload(), RolloutEngineTest.HEALTHY));
    }

    /** When the first traffic change was applied. */
    private Instant firstTrafficChange() {
        return events.stream().filter(e -> e instanceof RolloutEvent.Applied a
                && a.actions().stream().anyMatch(Action.SetTraffic.class::isInstance)).map(RolloutEvent::at)
                .findFirst().orElseThrow();
    }

    @Test
    @DisplayName("is a failure once unverified for the retry deadline: Failed and Stuck published, the rollout paused by default")
    void pausedAtTheDeadline() {
        RetryPolicy retry = RetryPolicy.ofDefaults();
        RolloutEngine engine = engine(retry);
        String id = register(engine);

        scheduler.advance(Duration.ofMinutes(30));

        Instant written = firstTrafficChange();
        RolloutEvent.Stuck stuck = events.stream().filter(RolloutEvent.Stuck.class::isInstance)
                .map(RolloutEvent.Stuck.class::cast).findFirst().orElseThrow();
        assertThat(stuck.policy()).isEqualTo(StuckPolicy.PAUSE);
        assertThat(stuck.error()).contains("has not shown").contains(TrafficSplit.canary(10).toString());
        assertThat(stuck.at()).isBetween(written.plus(retry.deadline()),
                written.plus(retry.deadline()).plus(retry.verificationPoll()));
        assertThat(events).filteredOn(RolloutEvent.Failed.class::isInstance).first()
                .satisfies(failed -> assertThat(failed.at()).isEqualTo(stuck.at()));
        StoredRollout rec = engine.status(id).orElseThrow();
        assertThat(rec.state().phase()).isEqualTo(Phase.PAUSED);
        assertThat(events).filteredOn(e -> e instanceof RolloutEvent.AwaitingVerification && e.at().isAfter(stuck.at()))
                .as("no more polling once paused").isEmpty();
    }

    @Test
    @DisplayName("rolls the rollout back at the deadline when the stuck policy says so")
    void rolledBackAtTheDeadline() {
        RolloutEngine engine = engine(RetryPolicy.ofDefaults().withOnDeadline(StuckPolicy.ROLL_BACK));
        String id = register(engine);

        scheduler.advance(Duration.ofMinutes(15));

        assertThat(events).filteredOn(RolloutEvent.Stuck.class::isInstance).first()
                .satisfies(e -> assertThat(((RolloutEvent.Stuck) e).policy()).isEqualTo(StuckPolicy.ROLL_BACK));
        assertThat(engine.status(id).orElseThrow().state().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(router.current()).isEqualTo(TrafficSplit.allStable());
    }

    @Test
    @DisplayName("waits as before, polling, while the deadline has not passed")
    void waitsWithinTheDeadline() {
        RolloutEngine engine = engine(RetryPolicy.ofDefaults().withDeadline(Duration.ofHours(1)));
        String id = register(engine);

        scheduler.advance(Duration.ofMinutes(30));

        assertThat(events).noneMatch(e -> e instanceof RolloutEvent.Failed || e instanceof RolloutEvent.Stuck);
        assertThat(events).anyMatch(RolloutEvent.AwaitingVerification.class::isInstance);
        assertThat(engine.status(id).orElseThrow().state().split()).isEqualTo(TrafficSplit.canary(10));
    }
}
