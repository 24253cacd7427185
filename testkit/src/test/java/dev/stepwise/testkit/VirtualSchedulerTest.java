package dev.stepwise.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.engine.Scheduler;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("VirtualScheduler")
class VirtualSchedulerTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final VirtualScheduler scheduler = VirtualScheduler.startingAt(START);
    private final List<String> ran = new ArrayList<>();

    private Scheduler.Cancellable record(Duration delay, String name) {
        return scheduler.schedule(delay, () -> ran.add(name + "@" + secondsSinceStart()));
    }

    private long secondsSinceStart() {
        return Duration.between(START, scheduler.clock().instant()).toSeconds();
    }

    @Nested
    @DisplayName("ordering")
    class Ordering {

        @Test
        @DisplayName("runs tasks by due time, each with the clock at its due time")
        void byDueTime() {
            record(Duration.ofSeconds(30), "c");
            record(Duration.ofSeconds(10), "a");
            record(Duration.ofSeconds(20), "b");

            assertThat(scheduler.advance(Duration.ofMinutes(1))).isEqualTo(3);

            assertThat(ran).containsExactly("a@10", "b@20", "c@30");
            assertThat(scheduler.clock().instant()).isEqualTo(START.plusSeconds(60));
        }

        @Test
        @DisplayName("runs tasks due at the same moment in the order they were scheduled")
        void sameDueTimeInSchedulingOrder() {
            for (String name : List.of("first", "second", "third", "fourth")) {
                record(Duration.ofSeconds(5), name);
            }

            scheduler.advance(Duration.ofSeconds(5));

            assertThat(ran).containsExactly("first@5", "second@5", "third@5", "fourth@5");
        }

        @Test
        @DisplayName("runs a task scheduled by a running task when it falls due within the same advance")
        void nestedSchedulingWithinTheAdvance() {
            scheduler.schedule(Duration.ofSeconds(10), () -> {
                ran.add("outer@" + secondsSinceStart());
                record(Duration.ofSeconds(5), "inner");
                record(Duration.ofMinutes(5), "later");
            });
            record(Duration.ofSeconds(12), "sibling");

            assertThat(scheduler.advance(Duration.ofSeconds(30))).isEqualTo(3);

            assertThat(ran).containsExactly("outer@10", "sibling@12", "inner@15");
            assertThat(scheduler.pending()).isEqualTo(1);
            assertThat(scheduler.nextDueAt()).contains(START.plusSeconds(310));
        }

        @Test
        @DisplayName("treats a negative delay as no delay")
        void negativeDelayIsNow() {
            record(Duration.ofSeconds(-5), "now");

            assertThat(scheduler.runDue()).isEqualTo(1);
            assertThat(ran).containsExactly("now@0");
        }
    }

    @Nested
    @DisplayName("advancing time")
    class Advancing {

        @Test
        @DisplayName("runs nothing before it is told to, however late the task")
        void nothingRunsUntilAdvanced() {
            record(Duration.ZERO, "due");

            assertThat(ran).isEmpty();
            assertThat(scheduler.pending()).isEqualTo(1);
        }

        @Test
        @DisplayName("runs a task due exactly at the end of the advance, but not one a nanosecond later")
        void endOfAdvanceIsInclusive() {
            record(Duration.ofSeconds(10), "edge");
            scheduler.schedule(Duration.ofSeconds(10).plusNanos(1), () -> ran.add("after"));

            scheduler.advance(Duration.ofSeconds(10));

            assertThat(ran).containsExactly("edge@10");
            assertThat(scheduler.pending()).isEqualTo(1);
        }

        @Test
        @DisplayName("moves the clock to the target when nothing is due")
        void movesClockWithoutTasks() {
            assertThat(scheduler.advanceTo(START.plusSeconds(90))).isZero();

            assertThat(scheduler.clock().instant()).isEqualTo(START.plusSeconds(90));
        }

        @Test
        @DisplayName("refuses to go back in time")
        void refusesThePast() {
            scheduler.advance(Duration.ofSeconds(10));

            assertThatThrownBy(() -> scheduler.advanceTo(START))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageStartingWith("target: 2026-01-01T00:00:00Z must not be before");
            assertThatThrownBy(() -> scheduler.advance(Duration.ofSeconds(-1)))
                    .isInstanceOf(InvalidValueException.class);
        }

        @Test
        @DisplayName("runs overdue tasks at the current instant when the clock was advanced directly")
        void overdueTasksRunNow() {
            record(Duration.ofSeconds(10), "overdue");
            scheduler.clock().advance(Duration.ofSeconds(60));

            assertThat(scheduler.runDue()).isEqualTo(1);

            assertThat(ran).containsExactly("overdue@60");
        }

        @Test
        @DisplayName("runs until idle, stopping at the last task rather than at the horizon")
        void runUntilIdleStopsAtTheLastTask() {
            record(Duration.ofMinutes(1), "a");
            record(Duration.ofMinutes(3), "b");

            assertThat(scheduler.runUntilIdle(Duration.ofHours(1))).isEqualTo(2);

            assertThat(ran).containsExactly("a@60", "b@180");
            assertThat(scheduler.clock().instant()).isEqualTo(START.plusSeconds(180));
        }

        @Test
        @DisplayName("stops a task that always reschedules itself at the horizon")
        void runUntilIdleHonoursTheHorizon() {
            Runnable[] tick = new Runnable[1];
            tick[0] = () -> {
                ran.add("tick@" + secondsSinceStart());
                scheduler.schedule(Duration.ofSeconds(10), tick[0]);
            };
            scheduler.schedule(Duration.ofSeconds(10), tick[0]);

            assertThat(scheduler.runUntilIdle(Duration.ofSeconds(35))).isEqualTo(3);

            assertThat(ran).containsExactly("tick@10", "tick@20", "tick@30");
            assertThat(scheduler.pending()).isEqualTo(1);
        }

        @Test
        @DisplayName("stops at a task that throws, leaving the clock at its due time and later tasks queued")
        void failingTaskStopsTheRun() {
            record(Duration.ofSeconds(5), "before");
            scheduler.schedule(Duration.ofSeconds(10), () -> {
                throw new IllegalStateException("boom");
            });
            record(Duration.ofSeconds(15), "after");

            assertThatThrownBy(() -> scheduler.advance(Duration.ofMinutes(1))).hasMessage("boom");

            assertThat(ran).containsExactly("before@5");
            assertThat(scheduler.clock().instant()).isEqualTo(START.plusSeconds(10));
            assertThat(scheduler.advance(Duration.ofMinutes(1))).isEqualTo(1);
            assertThat(ran).containsExactly("before@5", "after@15");
        }

        @Test
        @DisplayName("refuses to be run from inside one of its own tasks")
        void noReentrantRuns() {
            List<Throwable> thrown = new ArrayList<>();
            scheduler.schedule(Duration.ZERO, () -> {
                try {
                    scheduler.advance(Duration.ofSeconds(1));
                } catch (IllegalStateException e) {
                    thrown.add(e);
                }
            });

            scheduler.runDue();

            assertThat(thrown).singleElement().extracting(Throwable::getMessage)
                    .isEqualTo("a scheduled task may not run the scheduler; schedule another task instead");
        }
    }

    @Nested
    @DisplayName("cancelling")
    class Cancelling {

        @Test
        @DisplayName("never runs a cancelled task and stops counting it as pending")
        void cancelledTaskNeverRuns() {
            Scheduler.Cancellable cancelled = record(Duration.ofSeconds(10), "cancelled");
            record(Duration.ofSeconds(10), "kept");

            cancelled.cancel();
            cancelled.cancel();

            assertThat(scheduler.pending()).isEqualTo(1);
            scheduler.advance(Duration.ofMinutes(1));
            assertThat(ran).containsExactly("kept@10");
        }

        @Test
        @DisplayName("lets a running task cancel a later one")
        void taskCancelsAnother() {
            Scheduler.Cancellable later = record(Duration.ofSeconds(20), "later");
            scheduler.schedule(Duration.ofSeconds(10), later::cancel);

            assertThat(scheduler.advance(Duration.ofMinutes(1))).isEqualTo(1);

            assertThat(ran).isEmpty();
        }

        @Test
        @DisplayName("does nothing when the task already ran")
        void cancelAfterRunIsHarmless() {
            Scheduler.Cancellable done = record(Duration.ZERO, "done");
            scheduler.runDue();

            done.cancel();

            assertThat(ran).containsExactly("done@0");
            assertThat(scheduler.pending()).isZero();
        }
    }

    @Test
    @DisplayName("describes its time and queue")
    void describesItself() {
        record(Duration.ofSeconds(10), "a");

        assertThat(scheduler).hasToString(
                "VirtualScheduler[2026-01-01T00:00:00Z, 1 pending, next due 2026-01-01T00:00:10Z]");
    }
}
