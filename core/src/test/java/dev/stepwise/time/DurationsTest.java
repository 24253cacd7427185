package dev.stepwise.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Durations as specs and configuration write them")
class DurationsTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"30s, PT30S", "1m, PT1M", "1m30s, PT1M30S", "2h, PT2H", "500ms, PT0.5S", "1h0m0s, PT1H", "1.5h, PT1H30M",
            ".5s, PT0.5S", "250us, PT0.00025S", "250\u00b5s, PT0.00025S", "7ns, PT0.000000007S", "0, PT0S",
            "-1m, PT-1M", "PT1M, PT1M", "pt1m, PT1M", "PT0.5S, PT0.5S", "P1D, PT24H"})
    @DisplayName("are read Go-style or ISO-8601")
    void parses(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " ", "1", "1d", "m", "1 m", "1m 30s", "1M", "one minute", "PTX", "-", "1m-30s", "99999999999h"})
    @DisplayName("are refused, naming the text and the accepted forms, when malformed")
    void refuses(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("\"" + text + "\" is ");
    }

    @ParameterizedTest(name = "{1} is written {0}")
    @CsvSource({"0s, PT0S", "30s, PT30S", "1m30s, PT1M30S", "2h, PT2H", "500ms, PT0.5S", "1h1m1s1ms, PT1H1M1.001S",
            "250us, PT0.00025S", "7ns, PT0.000000007S", "-1m, PT-1M", "48h, P2D"})
    @DisplayName("are written Go-style, largest units first")
    void formats(String expected, Duration duration) {
        assertThat(Durations.format(duration)).isEqualTo(expected);
    }

    @Test
    @DisplayName("written and read again are the same duration")
    void roundTrip() {
        for (Duration d : List.of(Duration.ofNanos(1), Duration.ofMillis(1500), Duration.ofSeconds(86_399, 999_999_999),
                Duration.ofDays(400).plusNanos(3), Duration.ofMinutes(-90))) {
            assertThat(Durations.parse(Durations.format(d))).as("%s", d).isEqualTo(d);
        }
    }
}
