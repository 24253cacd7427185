package dev.stepwise.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("RetryAfter: the wait a server asks for")
class RetryAfterTest {

    static final Instant NOW = Instant.parse("2026-10-21T07:28:00Z");

    @ParameterizedTest(name = "''{0}'' is {1} seconds")
    @CsvSource({"0, 0", "1, 1", "120, 120", "' 30 ', 30", "007, 7"})
    @DisplayName("reads delay-seconds as they are")
    void seconds(String value, long seconds) {
        assertThat(RetryAfter.parse(value, NOW)).contains(Duration.ofSeconds(seconds));
    }

    @Test
    @DisplayName("reads more seconds than a Duration holds as its longest")
    void hugeSeconds() {
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).contains(Duration.ofSeconds(Long.MAX_VALUE));
    }

    @Test
    @DisplayName("reads an HTTP date as the time from now until it")
    void date() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2026 07:30:00 GMT", NOW)).contains(Duration.ofMinutes(2));
    }

    @Test
    @DisplayName("reads an HTTP date already past as no wait at all")
    void pastDate() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2026 07:00:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "soon", "-5", "1.5", "2026-10-21T07:30:00Z", "Wed, 32 Oct 2026 07:30:00 GMT"})
    @DisplayName("gives nothing for a value that is neither, so the caller keeps its own backoff")
    void neither(String value) {
        assertThat(RetryAfter.parse(value, NOW)).isEqualTo(Optional.empty());
    }

    @Test
    @DisplayName("requires a value and the current time")
    void required() {
        assertThatThrownBy(() -> RetryAfter.parse(null, NOW)).hasMessage("headerValue: null is required");
        assertThatThrownBy(() -> RetryAfter.parse("1", null)).hasMessage("now: null is required");
    }
}
