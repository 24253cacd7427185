package dev.stepwise.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Backoff: how long to wait between attempts")
class BackoffTest {

    static final RandomGenerator UNUSED = () -> {
        throw new AssertionError("no jitter, so no random number is drawn");
    };

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Nested
    @DisplayName("without jitter")
    class Exact {

        @ParameterizedTest(name = "after attempt {0} it waits {1} ms")
        @CsvSource({"1, 200", "2, 400", "3, 800", "4, 1600", "5, 3200", "9, 51200", "10, 60000", "11, 60000",
                "1000, 60000", "2147483647, 60000"})
        @DisplayName("the defaults wait 200 ms, doubling up to one minute")
        void defaults(int attempt, long millis) {
            assertThat(Backoff.ofDefaults().delay(attempt, UNUSED)).isEqualTo(ms(millis));
            assertThat(Backoff.ofDefaults().nominalDelay(attempt)).isEqualTo(ms(millis));
        }

        @Test
        @DisplayName("the defaults are 200 ms, doubling, up to 1 minute, 3 attempts and no jitter")
        void defaultValues() {
            assertThat(Backoff.ofDefaults()).isEqualTo(new Backoff(ms(200), 2.0, Duration.ofMinutes(1), 3, 0.0));
        }

        @ParameterizedTest(name = "after attempt {0} it waits {1} ms")
        @CsvSource({"1, 100", "2, 150", "3, 225", "4, 337.5", "5, 500", "6, 500"})
        @DisplayName("another multiplier grows the waits by its factor, exactly, up to the cap")
        void multiplier(int attempt, double millis) {
            Backoff backoff = Backoff.ofDefaults().withInitialDelay(ms(100)).withMultiplier(1.5).withMaxDelay(ms(500));

            assertThat(backoff.nominalDelay(attempt)).isEqualTo(Duration.ofNanos(Math.round(millis * 1_000_000)));
        }

        @Test
        @DisplayName("a multiplier of 1 waits the same every time, and a zero initial delay never waits")
        void flat() {
            assertThat(Backoff.ofDefaults().withMultiplier(1.0).nominalDelay(7)).isEqualTo(ms(200));
            assertThat(Backoff.ofDefaults().withInitialDelay(Duration.ZERO).nominalDelay(7)).isEqualTo(Duration.ZERO);
        }

        @Test
        @DisplayName("never overflows: a long first wait with a huge attempt number gives the cap")
        void noOverflow() {
            Backoff backoff = new Backoff(Duration.ofDays(365), 10.0, Duration.ofSeconds(Long.MAX_VALUE), 5, 0.0);

            assertThat(backoff.nominalDelay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
            assertThat(backoff.nominalDelay(3)).isEqualTo(Duration.ofDays(36_500));
        }

        @Test
        @DisplayName("says whether another attempt follows")
        void attempts() {
            Backoff three = Backoff.ofDefaults();

            assertThat(List.of(1, 2, 3).stream().map(three::allowsAttemptAfter)).containsExactly(true, true, false);
            assertThat(three.withMaxAttempts(Backoff.UNLIMITED_ATTEMPTS).allowsAttemptAfter(Integer.MAX_VALUE - 1)).isTrue();
        }
    }

    @Nested
    @DisplayName("doubling, as the adapters wait")
    class Doubling {

        static Stream<Arguments> runs() {
            return Stream.of(
                    Arguments.of(ms(200), 3, List.of(ms(200), ms(400)), Duration.ofMinutes(1)),
                    Arguments.of(ms(200), 5, List.of(ms(200), ms(400), ms(800), ms(1600)), Duration.ofMinutes(1)),
                    Arguments.of(ms(100), 5, List.of(ms(100), ms(200), ms(400), ms(800)), Duration.ofMinutes(1)),
                    Arguments.of(Duration.ofSeconds(30), 4, List.of(Duration.ofSeconds(30), Duration.ofMinutes(1),
                            Duration.ofMinutes(2)), Duration.ofMinutes(2)),
                    Arguments.of(Duration.ZERO, 3, List.of(Duration.ZERO, Duration.ZERO), Duration.ofMinutes(1)),
                    Arguments.of(Duration.ofMinutes(5), 1, List.of(), Duration.ofMinutes(5)));
        }

        @ParameterizedTest(name = "{0} for {1} attempts waits {2}, capped at {3}")
        @MethodSource("runs")
        @DisplayName("waits exactly initialDelay × 2^(n-1), never cut short, capped at one minute or the last wait")
        void waits(Duration initial, int attempts, List<Duration> expected, Duration cap) {
            Backoff backoff = Backoff.doubling(initial, attempts);
            List<Duration> waits = new ArrayList<>();
            for (int attempt = 1; backoff.allowsAttemptAfter(attempt); attempt++) {
                waits.add(backoff.delay(attempt, UNUSED));
            }

            assertThat(waits).containsExactlyElementsOf(expected);
            assertThat(backoff.maxDelay()).isEqualTo(cap);
            assertThat(backoff.jitter()).isZero();
        }

        @Test
        @DisplayName("a run too long for a Duration is capped at a Duration's longest instead of overflowing")
        void longest() {
            Backoff backoff = Backoff.doubling(Duration.ofMinutes(1), 100);

            assertThat(backoff.nominalDelay(99)).isEqualTo(backoff.maxDelay());
            assertThat(backoff.nominalDelay(20)).isEqualTo(Duration.ofMinutes(1L << 19));
        }
    }

    @Nested
    @DisplayName("with jitter")
    class Jitter {

        @Test
        @DisplayName("spreads each wait within ±jitter of the exact one, never above the cap")
        void bounds() {
            Backoff backoff = Backoff.ofDefaults().withJitter(0.5).withMaxDelay(ms(1000));
            SplittableRandom random = new SplittableRandom(42);

            for (int i = 0; i < 1000; i++) {
                assertThat(backoff.delay(1, random)).isBetween(ms(100), ms(300));
                assertThat(backoff.delay(3, random)).isBetween(ms(400), ms(1000));
                assertThat(backoff.delay(10, random)).isBetween(ms(500), ms(1000));
            }
        }

        @Test
        @DisplayName("draws from the injected source: the same seed gives the same waits")
        void deterministic() {
            Backoff backoff = Backoff.ofDefaults().withJitter(0.2);
            Supplier<List<Duration>> run = () -> {
                SplittableRandom random = new SplittableRandom(7);
                return Stream.of(1, 2, 3, 4).map(attempt -> backoff.delay(attempt, random)).toList();
            };

            assertThat(run.get()).isEqualTo(run.get()).doesNotContainAnyElementsOf(List.of(ms(200), ms(400), ms(800), ms(1600)));
        }

        @Test
        @DisplayName("the lowest and highest draws give exactly the edges of the spread")
        void edges() {
            Backoff backoff = Backoff.ofDefaults().withJitter(0.25);
            RandomGenerator lowest = () -> 0L;

            assertThat(backoff.delay(2, lowest)).isEqualTo(ms(300));
            assertThat(backoff.delay(2, new FixedDouble(0.5))).isEqualTo(ms(400));
        }
    }

    @Nested
    @DisplayName("with a server's Retry-After")
    class ServerAsked {

        @Test
        @DisplayName("waits what the server asked, without jitter, instead of its own wait")
        void honoured() {
            Backoff backoff = Backoff.ofDefaults().withJitter(1.0);

            assertThat(backoff.delay(1, Optional.of(Duration.ofSeconds(7)), UNUSED)).isEqualTo(Duration.ofSeconds(7));
            assertThat(backoff.delay(3, Optional.of(Duration.ZERO), UNUSED)).isEqualTo(Duration.ZERO);
        }

        @Test
        @DisplayName("never waits longer than maxDelay, whatever the server asked")
        void capped() {
            assertThat(Backoff.ofDefaults().delay(1, Optional.of(Duration.ofHours(2)), UNUSED))
                    .isEqualTo(Duration.ofMinutes(1));
        }

        @Test
        @DisplayName("takes its own wait when the server asked nothing")
        void absent() {
            assertThat(Backoff.ofDefaults().delay(2, Optional.empty(), UNUSED)).isEqualTo(ms(400));
        }

        @Test
        @DisplayName("takes the wait parsed from the header in seconds or as an HTTP date")
        void fromHeader() {
            java.time.Instant now = java.time.Instant.parse("2026-10-21T07:28:00Z");

            assertThat(Backoff.ofDefaults().delay(1, RetryAfter.parse("3", now), UNUSED)).isEqualTo(Duration.ofSeconds(3));
            assertThat(Backoff.ofDefaults().delay(1, RetryAfter.parse("Wed, 21 Oct 2026 07:28:30 GMT", now), UNUSED))
                    .isEqualTo(Duration.ofSeconds(30));
        }
    }

    @Nested
    @DisplayName("validation")
    class Validation {

        static Stream<Arguments> invalid() {
            Backoff ok = Backoff.ofDefaults();
            return Stream.of(
                    Arguments.of((Supplier<Backoff>) () -> ok.withInitialDelay(ms(-1)), "initialDelay: PT-0.001S must be zero or longer"),
                    Arguments.of((Supplier<Backoff>) () -> ok.withInitialDelay(null), "initialDelay: null must be zero or longer"),
                    Arguments.of((Supplier<Backoff>) () -> ok.withMultiplier(0.5), "multiplier: 0.5 must be between 1.0 and 10.0"),
                    Arguments.of((Supplier<Backoff>) () -> ok.withMultiplier(Double.NaN), "multiplier: NaN must be between 1.0 and 10.0"),
                    Arguments.of((Supplier<Backoff>) () -> ok.withMultiplier(11), "multiplier: 11.0 must be between 1.0 and 10.0"),
                    Arguments.of((Supplier<Backoff>) () -> ok.withMaxDelay(ms(100)), "maxDelay: PT0.1S must be at least initialDelay PT0.2S"),
                    Arguments.of((Supplier<Backoff>) () -> ok.withMaxDelay(ms(-5)), "maxDelay: PT-0.005S must be zero or longer"),
                    Arguments.of((Supplier<Backoff>) () -> ok.withMaxAttempts(0), "maxAttempts: 0 must be between 1 and 2147483647"),
                    Arguments.of((Supplier<Backoff>) () -> ok.withJitter(-0.1), "jitter: -0.1 must be between 0.0 and 1.0"),
                    Arguments.of((Supplier<Backoff>) () -> ok.withJitter(1.5), "jitter: 1.5 must be between 0.0 and 1.0"));
        }

        @ParameterizedTest(name = "{1}")
        @MethodSource("invalid")
        @DisplayName("names the field and the allowed range")
        void rejects(Supplier<Backoff> factory, String problem) {
            assertThatThrownBy(factory::get).isInstanceOfSatisfying(InvalidConfigException.class,
                    e -> assertThat(e.problems()).extracting(Problem::toString).containsExactly(problem))
                    .hasMessageStartingWith("backoff is invalid (1 problem)");
        }

        @Test
        @DisplayName("reports every problem at once")
        void all() {
            assertThatThrownBy(() -> new Backoff(ms(-1), 0, null, -3, 2))
                    .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
                            .extracting(Problem::path).containsExactly("initialDelay", "multiplier", "maxDelay",
                                    "maxAttempts", "jitter"));
        }

        @Test
        @DisplayName("attempts count from 1, and a negative Retry-After is refused")
        void arguments() {
            assertThatThrownBy(() -> Backoff.ofDefaults().nominalDelay(0)).hasMessage("attempt: 0 must be at least 1");
            assertThatThrownBy(() -> Backoff.ofDefaults().delay(1, Optional.of(ms(-1)), UNUSED))
                    .hasMessage("retryAfter: PT-0.001S must be zero or longer");
        }
    }

    @Test
    @DisplayName("reads as its settings")
    void readable() {
        assertThat(Backoff.ofDefaults()).hasToString("Backoff[200ms x2.0 up to 1m, 3 attempts, no jitter]");
        assertThat(Backoff.ofDefaults().withInitialDelay(Duration.ofMillis(1500)).withMaxAttempts(Backoff.UNLIMITED_ATTEMPTS)
                .withJitter(0.1)).hasToString("Backoff[1.5s x2.0 up to 1m, unlimited attempts, jitter ±10%]");
        assertThat(Backoff.ofDefaults().withMaxAttempts(1)).hasToString("Backoff[200ms x2.0 up to 1m, 1 attempt, no jitter]");
    }

    /** A source whose every double is the same. */
    record FixedDouble(double value) implements RandomGenerator {

        @Override
        public long nextLong() {
            throw new AssertionError("only doubles are drawn");
        }

        @Override
        public double nextDouble() {
            return value;
        }
    }
}
