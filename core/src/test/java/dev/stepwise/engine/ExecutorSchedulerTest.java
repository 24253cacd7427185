package dev.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The production scheduler, on a real single-threaded executor: what a task that throws leaves behind. */
@DisplayName("The executor scheduler")
class ExecutorSchedulerTest {

    @Test
    @DisplayName("goes on after a task throws an Error: its one thread survives and runs the tasks scheduled after")
    void a_task_throwing_an_error_neither_kills_its_thread_nor_stops_later_tasks() throws InterruptedException {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        CountDownLatch laterRan = new CountDownLatch(2);
        try (ExecutorScheduler scheduler = new ExecutorScheduler(Executors.newSingleThreadScheduledExecutor())) {
            scheduler.schedule(Duration.ZERO, () -> {
                threads.add(Thread.currentThread());
                throw new StackOverflowError();
            });
            scheduler.schedule(Duration.ofMillis(1), () -> {
                threads.add(Thread.currentThread());
                throw new AssertionError("a bug");
            });
            scheduler.schedule(Duration.ofMillis(2), () -> {
                threads.add(Thread.currentThread());
                laterRan.countDown();
            });
            scheduler.schedule(Duration.ofMillis(20), laterRan::countDown);

            assertThat(laterRan.await(10, TimeUnit.SECONDS)).as("the tasks after the throwing ones ran").isTrue();
        }
        assertThat(threads).hasSize(3).allSatisfy(t -> assertThat(t).isSameAs(threads.get(0)));
    }

    @Test
    @DisplayName("runs the successor a task scheduled before it threw, as the engine schedules a rollout's next look")
    void a_successor_scheduled_by_a_task_that_then_throws_runs() throws InterruptedException {
        CountDownLatch successorRan = new CountDownLatch(1);
        try (ExecutorScheduler scheduler = ExecutorScheduler.ofDefaults()) {
            scheduler.schedule(Duration.ZERO, () -> {
                scheduler.schedule(Duration.ofMillis(5), successorRan::countDown);
                throw new OutOfMemoryError("Java heap space");
            });

            assertThat(successorRan.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    @DisplayName("with N threads runs N tasks at once, each blocked until all have started")
    void with_threads_runs_that_many_tasks_at_once() throws InterruptedException {
        int threads = 8;
        CountDownLatch allStarted = new CountDownLatch(threads);
        CountDownLatch allReleased = new CountDownLatch(threads);
        try (ExecutorScheduler scheduler = ExecutorScheduler.withThreads(threads)) {
            for (int i = 0; i < threads; i++) {
                scheduler.schedule(Duration.ZERO, () -> {
                    allStarted.countDown();
                    try {
                        if (allStarted.await(10, TimeUnit.SECONDS)) {
                            allReleased.countDown();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertThat(allReleased.await(10, TimeUnit.SECONDS)).as("all %d tasks ran at the same time", threads).isTrue();
        }
    }

    @Test
    @DisplayName("refuses a thread count outside 1 to 1024, naming the field")
    void with_threads_refuses_a_count_out_of_range() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExecutorScheduler.withThreads(0))
                .isInstanceOf(dev.stepwise.validation.InvalidValueException.class)
                .hasMessageContaining("threads").hasMessageContaining("between 1 and 1024");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExecutorScheduler.withThreads(1025))
                .hasMessageContaining("threads");
    }
}
