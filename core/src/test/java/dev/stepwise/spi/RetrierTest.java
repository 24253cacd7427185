package dev.stepwise.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Retrier: one attempt after another, waiting as the backoff says")
class RetrierTest {

    /** A passing failure; {@code seconds} > 0 says the server asked for that wait. */
    static final class Busy extends RuntimeException {
        final int seconds;

        Busy(int seconds) {
            super("busy");
            this.seconds = seconds;
        }
    }

    /** A passing failure that needs no wait. */
    static final class Raced extends RuntimeException {
    }

    static final class Exhausted extends RuntimeException {
        Exhausted(String message, Throwable cause) {
            super(message, cause);
        }
    }

    final List<Duration> waits = new ArrayList<>();
    final List<String> told = new ArrayList<>();
    final Sleeper recording = waits::add;

    final Retrier.Failures failures = new Retrier.Failures() {
        @Override
        public boolean isRetriable(RuntimeException failure) {
            return failure instanceof Busy || failure instanceof Raced;
        }

        @Override
        public Optional<Duration> retryAfter(RuntimeException failure) {
            return failure instanceof Busy busy && busy.seconds > 0 ? Optional.of(Duration.ofSeconds(busy.seconds))
                    : Optional.empty();
        }

        @Override
        public boolean waitsAfter(RuntimeException failure) {
            return !(failure instanceof Raced);
        }

        @Override
        public void retrying(RuntimeException failure, int number, Duration wait) {
            told.add(number + ": " + wait);
        }

        @Override
        public RuntimeException exhausted(RuntimeException last, int attempts) {
            return new Exhausted("gave up after " + attempts, last);
        }
    };

    /** Fails with each of {@code failures} in turn, then returns the attempt number. */
    static Retrier.Attempt<Integer> failing(RuntimeException... failures) {
        return number -> {
            if (number <= failures.length) {
                throw failures[number - 1];
            }
            return number;
        };
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    @DisplayName("returns the first success, having waited the backoff's delays in between")
    void retriesUntilSuccess() {
        Retrier retrier = Retrier.of(Backoff.ofDefaults().withMaxAttempts(5), recording);

        assertThat(retrier.run(failing(new Busy(0), new Busy(0), new Busy(0)), failures)).isEqualTo(4);
        assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));
        assertThat(told).containsExactly("1: PT0.2S", "2: PT0.4S", "3: PT0.8S");
    }

    @Test
    @DisplayName("runs once, without waiting, when the first attempt succeeds")
    void once() {
        assertThat(Retrier.of(Backoff.ofDefaults(), recording).run(failing(), failures)).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    @DisplayName("rethrows a failure that is not retriable at once, without waiting")
    void notRetriable() {
        IllegalStateException broken = new IllegalStateException("broken");

        assertThatThrownBy(() -> Retrier.of(Backoff.ofDefaults(), recording).run(failing(new Busy(0), broken), failures))
                .isSameAs(broken);
        assertThat(waits).containsExactly(Duration.ofMillis(200));
    }

    @Test
    @DisplayName("after the last attempt throws what the failures say, with the last failure as cause")
    void exhausted() {
        Busy last = new Busy(0);

        assertThatThrownBy(() -> Retrier.of(Backoff.ofDefaults(), recording).run(failing(new Busy(0), new Busy(0), last),
                failures)).isInstanceOf(Exhausted.class).hasMessage("gave up after 3").hasCause(last);
        assertThat(waits).hasSize(2);
    }

    @Test
    @DisplayName("by default throws the last failure itself when the attempts run out")
    void exhaustedByDefault() {
        Busy last = new Busy(0);

        assertThatThrownBy(() -> Retrier.of(Backoff.ofDefaults().withMaxAttempts(1), recording)
                .run(failing(last), failure -> failure instanceof Busy)).isSameAs(last);
        assertThat(waits).isEmpty();
    }

    @Test
    @DisplayName("waits what the server asked for instead of its own delay")
    void serverAsked() {
        Retrier retrier = Retrier.of(Backoff.ofDefaults(), recording);

        retrier.run(failing(new Busy(3), new Busy(0)), failures);

        assertThat(waits).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(400));
    }

    @Test
    @DisplayName("tries again at once, without asking the sleeper, after a failure that needs no wait; it still counts")
    void noWait() {
        Retrier retrier = Retrier.of(Backoff.ofDefaults().withMaxAttempts(4), recording);

        assertThat(retrier.run(failing(new Raced(), new Busy(0), new Raced()), failures)).isEqualTo(4);
        assertThat(waits).containsExactly(Duration.ofMillis(400));
        assertThat(told).containsExactly("1: PT0S", "2: PT0.4S", "3: PT0S");
    }

    @Test
    @DisplayName("spreads the waits with the injected random source")
    void jitter() {
        Backoff backoff = Backoff.ofDefaults().withJitter(0.5).withMaxAttempts(4);
        Retrier retrier = Retrier.of(backoff, recording).withRandom(new SplittableRandom(1));
        retrier.run(failing(new Busy(0), new Busy(0), new Busy(0)), failures);

        SplittableRandom same = new SplittableRandom(1);
        assertThat(waits).containsExactly(backoff.delay(1, same), backoff.delay(2, same), backoff.delay(3, same));
    }

    @Test
    @DisplayName("an interrupted wait ends the run with the interrupt flag set again, the failure suppressed")
    void interrupted() {
        Busy busy = new Busy(0);
        Retrier retrier = Retrier.of(Backoff.ofDefaults(), duration -> {
            throw new InterruptedException("stop");
        });

        assertThatThrownBy(() -> retrier.run(failing(busy), failures)).isInstanceOf(IllegalStateException.class)
                .hasMessage("interrupted while waiting to try again after attempt 1")
                .hasCauseInstanceOf(InterruptedException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(busy));
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    @DisplayName("names its backoff")
    void readable() {
        assertThat(Retrier.of(Backoff.ofDefaults(), recording))
                .hasToString("Retrier[Backoff[200ms x2.0 up to 1m, 3 attempts, no jitter]]");
    }
}
