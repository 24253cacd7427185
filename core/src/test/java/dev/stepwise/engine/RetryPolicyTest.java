package dev.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.spi.Backoff;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("RetryPolicy: how long the engine waits before reconciling a failing rollout again")
class RetryPolicyTest {

    @ParameterizedTest(name = "before retry {0} it waits {1} s")
    @CsvSource({"0, 1", "1, 1", "2, 2", "3, 4", "4, 8", "5, 16", "6, 32", "7, 60", "8, 60", "100, 60", "2147483647, 60"})
    @DisplayName("by default waits 1 second, doubling up to one minute")
    void defaults(int attempt, long seconds) {
        assertThat(RetryPolicy.ofDefaults().backoff(attempt)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    @DisplayName("computes its delays as a Backoff: doubling, no jitter, no limit on attempts")
    void asBackoff() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofMinutes(1),
                StuckPolicy.ROLL_BACK, Duration.ofSeconds(1));

        assertThat(policy.asBackoff()).isEqualTo(new Backoff(Duration.ofMillis(300), 2.0, Duration.ofSeconds(2),
                Backoff.UNLIMITED_ATTEMPTS, 0.0));
        assertThat(policy.backoff(3)).isEqualTo(Duration.ofMillis(1200));
        assertThat(policy.backoff(4)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    @DisplayName("keeps its delays when the deadline or what happens at it change")
    void withers() {
        RetryPolicy changed = RetryPolicy.ofDefaults().withOnDeadline(StuckPolicy.ROLL_BACK).withDeadline(Duration.ofMinutes(3));

        assertThat(changed.asBackoff()).isEqualTo(RetryPolicy.ofDefaults().asBackoff());
        assertThat(changed.onDeadline()).isEqualTo(StuckPolicy.ROLL_BACK);
        assertThat(changed.deadline()).isEqualTo(Duration.ofMinutes(3));
    }
}
