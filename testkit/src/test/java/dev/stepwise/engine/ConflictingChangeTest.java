package dev.stepwise.engine;

import static dev.stepwise.engine.RolloutEngineTest.HEALTHY;
import static dev.stepwise.engine.RolloutEngineTest.HEALTHY_SPLITS;
import static dev.stepwise.engine.RolloutEngineTest.INTERVAL;
import static dev.stepwise.engine.RolloutEngineTest.T0;
import static dev.stepwise.engine.RolloutEngineTest.canary;
import static dev.stepwise.engine.RolloutEngineTest.definition;
import static dev.stepwise.engine.RolloutEngineTest.distinctInOrder;
import static dev.stepwise.engine.RolloutEngineTest.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.ConflictingChangeException;
import dev.stepwise.spi.HeldConflict;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.VirtualScheduler;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A person edits the route in the GitOps repository while the canary moves from 20% to 30%: the
 * router refuses the 30% write with a {@link ConflictingChangeException}. The engine must hold, not
 * retry, and go on only as an operator says.
 */
@DisplayName("A conflicting change to the route")
class ConflictingChangeTest {

    static final String ID = "test/podinfo";
    static final String FILE = "apps/podinfo/virtualservice.yaml";
    static final ConflictingChangeException EDITED = new ConflictingChangeException(FILE, "commit 1a2b3c by Jane");
    /** When the step to 30% is decided, and refused. */
    static final Instant CONFLICT_AT = T0.plus(INTERVAL.multipliedBy(3));

    final VirtualScheduler scheduler = VirtualScheduler.startingAt(T0);
    @RegisterExtension
    final EveryRolloutHasOneNextLook nextLooks = new EveryRolloutHasOneNextLook();
    final List<RolloutEvent> events = new ArrayList<>();
    final InMemoryStateStore store = new InMemoryStateStore();
    final InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
    final InMemoryWorkload workload = workload();

    RolloutEngine engine() {
        RolloutEngine engine = nextLooks.watch(RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler)
                .stateStore(store).listener(events::add).build(), scheduler);
        engine.register(definition("podinfo", canary(1), router, workload, HEALTHY));
        return engine;
    }

    /** Runs to 20% and has the router refuse the next write, the one to 30%. */
    RolloutEngine conflictAtThirtyPercent(RuntimeException refusal) {
        RolloutEngine engine = engine();
        scheduler.advance(INTERVAL.multipliedBy(2));
        assertThat(router.current()).isEqualTo(TrafficSplit.canary(20));
        router.failNext(1, refusal);
        scheduler.advance(INTERVAL);
        return engine;
    }

    StoredRollout stored() {
        return store.load(ID).orElseThrow();
    }

    <E extends RolloutEvent> List<E> events(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    StoredRollout runToEnd() {
        for (int i = 0; i < 3600 && !(stored().state().phase().isTerminal() && stored().isCommitted()); i++) {
            scheduler.advance(Duration.ofSeconds(1));
        }
        return stored();
    }

    @Test
    void holds_the_rollout_with_one_conflicted_event_keeping_the_written_ahead_step_and_touching_nothing_more() {
        conflictAtThirtyPercent(EDITED);
        int callsWhenHeld = router.calls();

        scheduler.advance(Duration.ofHours(2));

        assertThat(events(RolloutEvent.Conflicted.class)).containsExactly(
                new RolloutEvent.Conflicted(ID, CONFLICT_AT, FILE, EDITED.getMessage()));
        assertThat(events(RolloutEvent.Failed.class)).as("not a failure: never retried").isEmpty();
        assertThat(router.calls()).as("router calls while held").isEqualTo(callsWhenHeld);
        StoredRollout held = stored();
        assertThat(held.conflict()).contains(new HeldConflict(FILE, EDITED.getMessage(), CONFLICT_AT));
        assertThat(held.pending()).as("the step to 30% stays written ahead").contains(new Action.SetTraffic(TrafficSplit.canary(30)));
        assertThat(held.state().phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(router.current()).isEqualTo(TrafficSplit.canary(20));
    }

    @Test
    void stays_held_when_a_new_engine_takes_over_the_store() {
        conflictAtThirtyPercent(EDITED).close();
        int callsWhenHeld = router.calls();

        engine();
        scheduler.advance(Duration.ofHours(2));

        assertThat(router.calls()).as("router calls by the new engine").isEqualTo(callsWhenHeld);
        assertThat(stored().isHeld()).isTrue();
        assertThat(events(RolloutEvent.Conflicted.class)).hasSize(1);
    }

    @Test
    void resume_applies_the_held_step_over_the_change_telling_the_router_so_and_the_rollout_finishes() {
        RolloutEngine engine = conflictAtThirtyPercent(EDITED);
        StepNote held = stored().note();
        scheduler.advance(Duration.ofHours(1));
        Instant resumedAt = scheduler.clock().instant();

        engine.command(ID, Command.RESUME);
        scheduler.runDue();

        assertThat(stored().isHeld()).isFalse();
        assertThat(router.applied()).last().isEqualTo(TrafficSplit.canary(30));
        assertThat(router.changes()).last().isEqualTo(new StepNote(ID, held.step(), held.version(), Decision.ADVANCE,
                "analysis passed; canary weight 30%", router.changes().get(1).verdicts(), CONFLICT_AT, true));
        assertThat(events(RolloutEvent.Applied.class)).last().extracting(RolloutEvent::at).isEqualTo(resumedAt);
        assertThat(runToEnd().state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(distinctInOrder(router.applied())).containsExactlyElementsOf(HEALTHY_SPLITS);
        assertThat(router.changes()).filteredOn(StepNote::overridesConflict).hasSize(1);
    }

    @Test
    void abort_rolls_back_over_the_change_instead_of_the_held_step() {
        RolloutEngine engine = conflictAtThirtyPercent(EDITED);
        scheduler.advance(Duration.ofMinutes(10));

        engine.command(ID, Command.ABORT);
        StoredRollout end = runToEnd();

        assertThat(end.state().phase()).isEqualTo(Phase.ABORTED);
        assertThat(end.isHeld()).isFalse();
        assertThat(distinctInOrder(router.applied())).as("30% never applied")
                .containsExactly(TrafficSplit.canary(10), TrafficSplit.canary(20), TrafficSplit.allStable());
        assertThat(router.changes()).last().satisfies(change -> {
            assertThat(change.decision()).isEqualTo(Decision.ABORT);
            assertThat(change.overridesConflict()).isTrue();
            assertThat(change.decidedAt()).as("decided on the command").isEqualTo(CONFLICT_AT.plus(Duration.ofMinutes(10)));
        });
        assertThat(workload.percent(Track.CANARY)).isZero();
        assertThat(events(RolloutEvent.Ended.class)).singleElement().extracting(e -> e.phase()).isEqualTo(Phase.ABORTED);
    }

    @Test
    void pause_keeps_it_held_and_is_used_up_so_a_later_resume_goes_on() {
        RolloutEngine engine = conflictAtThirtyPercent(EDITED);
        int callsWhenHeld = router.calls();

        engine.command(ID, Command.PAUSE);
        scheduler.advance(Duration.ofMinutes(30));

        assertThat(router.calls()).isEqualTo(callsWhenHeld);
        assertThat(stored().isHeld()).isTrue();
        assertThat(stored().commands()).isEmpty();

        engine.command(ID, Command.RESUME);
        assertThat(runToEnd().state().phase()).isEqualTo(Phase.SUCCEEDED);
    }

    @Test
    void retry_is_refused_for_a_held_rollout_naming_what_to_send_instead() {
        RolloutEngine engine = conflictAtThirtyPercent(EDITED);

        assertThatThrownBy(() -> engine.command(ID, Command.RETRY)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(FILE).hasMessageContaining("send resume");
        assertThat(stored().commands()).isEmpty();
    }

    @Test
    void a_resume_is_not_asked_for_again_when_the_engine_dies_before_applying_it() {
        Crashes crashes = new Crashes(-1);
        RolloutEngine engine = nextLooks.watch(RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler)
                .stateStore(store).listener(events::add).build(), scheduler);
        engine.register(definition("podinfo", canary(1), crashes.router(router), crashes.workload(workload), HEALTHY));
        scheduler.advance(INTERVAL.multipliedBy(2));
        router.failNext(1, EDITED);
        scheduler.advance(INTERVAL);
        assertThat(stored().isHeld()).isTrue();

        crashes.crashAtNextWrite();
        engine.command(ID, Command.RESUME);
        assertThat(catchThrowable(scheduler::runDue)).isInstanceOf(Crashes.Crash.class);
        assertThat(crashes.lostChange().overridesConflict()).isTrue();
        engine.close();

        engine();
        scheduler.runDue();

        assertThat(router.changes()).last().isEqualTo(crashes.lostChange());
        assertThat(runToEnd().state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(events(RolloutEvent.Conflicted.class)).hasSize(1);
    }

    @Test
    void a_transient_failure_at_the_same_write_is_retried_with_backoff_and_never_held() {
        conflictAtThirtyPercent(new IllegalStateException("mesh API unavailable"));
        router.failNext(2, new IllegalStateException("mesh API unavailable"));

        StoredRollout end = runToEnd();

        assertThat(events(RolloutEvent.Failed.class)).extracting(RolloutEvent.Failed::retryIn)
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(events(RolloutEvent.Conflicted.class)).isEmpty();
        assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(distinctInOrder(router.applied())).containsExactlyElementsOf(HEALTHY_SPLITS);
    }
}
