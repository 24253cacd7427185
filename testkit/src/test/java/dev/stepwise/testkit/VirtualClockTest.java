package dev.stepwise.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("VirtualClock")
class VirtualClockTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    @DisplayName("stands still at its start until advanced")
    void standsStillUntilAdvanced() {
        VirtualClock clock = new VirtualClock(START);

        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    @DisplayName("advances by exactly the given duration and returns the new instant")
    void advancesByTheGivenDuration() {
        VirtualClock clock = VirtualClock.startingAt(START);

        assertThat(clock.advance(Duration.ofMinutes(5))).isEqualTo(START.plusSeconds(300));
        clock.advance(Duration.ZERO);
        clock.advance(Duration.ofMillis(1));

        assertThat(clock.instant()).isEqualTo(START.plusSeconds(300).plusMillis(1));
    }

    @Test
    @DisplayName("refuses to go back in time, naming the field")
    void refusesNegativeDurations() {
        VirtualClock clock = new VirtualClock(START);

        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("duration: PT-1S must not be negative");
        assertThat(clock.instant()).isEqualTo(START);
    }

    @Test
    @DisplayName("shares its time with a view in another zone")
    void zoneViewSharesTime() {
        VirtualClock clock = new VirtualClock(START);
        VirtualClock paris = clock.withZone(ZoneId.of("Europe/Paris"));

        paris.advance(Duration.ofHours(1));

        assertThat(clock.instant()).isEqualTo(START.plusSeconds(3600));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(paris.withZone(ZoneOffset.UTC)).isEqualTo(clock);
        assertThat(new VirtualClock(START)).isNotEqualTo(clock);
    }

    @Test
    @DisplayName("loses no advance when many threads advance it at once")
    void isThreadSafe() throws InterruptedException {
        VirtualClock clock = new VirtualClock(START);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    clock.advance(Duration.ofMillis(1));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(clock.instant()).isEqualTo(START.plusMillis(8000));
    }
}
