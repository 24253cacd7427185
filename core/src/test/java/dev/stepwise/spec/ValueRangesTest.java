package dev.stepwise.spec;

import static dev.stepwise.spec.SpecTexts.withAnalysis;
import static dev.stepwise.spec.SpecTexts.withStrategy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Webhook;
import dev.stepwise.engine.RetryPolicy;
import dev.stepwise.engine.StuckPolicy;
import dev.stepwise.rollout.HookType;
import dev.stepwise.strategy.BlueGreenStrategy;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problem;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every duration and threshold has a range (RELIABILITY.md, "Value ranges"): the extremes
 * inside it are accepted, values outside it are validation errors naming the field and the
 * range, the same in a spec and in the Java API.
 */
@DisplayName("Value ranges")
class ValueRangesTest {

    private static final String SUCCESS = "metrics: [{name: request-success-rate, thresholdRange: {min: %s}}]";
    private static final String LATENCY = "metrics: [{name: request-duration, thresholdRange: {max: %s}}]";
    private static final String WINDOW = "metrics: [{name: request-duration, interval: %s, thresholdRange: {max: 500}}]";
    private static final String CUSTOM = "metrics: [{name: lag, query: lag, thresholdRange: {min: %s, max: %s}}]";
    private static final String HOOK = "webhooks: [{name: load, url: 'http://load.test/', timeout: %s}]";
    private static final String BLUE_GREEN = "blueGreen: {scaleDownDelay: %s}";

    static Stream<Arguments> extremesInside() {
        return Stream.of(
                Arguments.of("the shortest analysis interval", withAnalysis("interval: 10ms")),
                Arguments.of("the longest analysis interval", withAnalysis("interval: 24h")),
                Arguments.of("the most failed analyses", withAnalysis("threshold: 1000")),
                Arguments.of("the shortest metric window", withAnalysis(String.format(WINDOW, "1s"))),
                Arguments.of("the longest metric window", withAnalysis(String.format(WINDOW, "24h"))),
                Arguments.of("a success rate of 0", withAnalysis(String.format(SUCCESS, "0"))),
                Arguments.of("a success rate of 100", withAnalysis(String.format(SUCCESS, "100"))),
                Arguments.of("a latency of 0 ms", withAnalysis(String.format(LATENCY, "0"))),
                Arguments.of("a latency of 24 hours", withAnalysis(String.format(LATENCY, "86400000"))),
                Arguments.of("a custom check's huge finite bounds", withAnalysis(String.format(CUSTOM, "-1e308", "1e308"))),
                Arguments.of("the shortest webhook timeout", withAnalysis(String.format(HOOK, "10ms"))),
                Arguments.of("the longest webhook timeout", withAnalysis(String.format(HOOK, "1h"))),
                Arguments.of("no scale-down delay", withStrategy(String.format(BLUE_GREEN, "0s"))),
                Arguments.of("the longest scale-down delay", withStrategy(String.format(BLUE_GREEN, "24h"))),
                Arguments.of("the most blue/green iterations", withStrategy("blueGreen: {iterations: 1000}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("extremesInside")
    @DisplayName("a spec at the edge of every range is valid")
    void extremesAreValid(String name, String yaml) {
        assertThatCode(() -> RolloutSpec.parseYaml(yaml)).doesNotThrowAnyException();
    }

    static Stream<Arguments> outside() {
        return Stream.of(
                invalid("an interval of a million hours", withAnalysis("interval: 1000000h"),
                        "spec.analysis.interval: 1000000h must be between 10ms and 24h"),
                invalid("an interval of 1ns", withAnalysis("interval: 1ns"),
                        "spec.analysis.interval: 1ns must be between 10ms and 24h"),
                invalid("an interval just over a day", withAnalysis("interval: 24h1s"),
                        "spec.analysis.interval: 24h1s must be between 10ms and 24h"),
                invalid("a metric window of 1ns", withAnalysis(String.format(WINDOW, "1ns")),
                        "spec.analysis.metrics[0].interval: 1ns must be between 1s and 24h"),
                invalid("a metric window of 48h", withAnalysis(String.format(WINDOW, "48h")),
                        "spec.analysis.metrics[0].interval: 48h must be between 1s and 24h"),
                invalid("a success rate of 1e308", withAnalysis(String.format(SUCCESS, "1e308")),
                        "spec.analysis.metrics[0].thresholdRange.min: 1.0E308 must be between 0 and 100 (a percent)"),
                invalid("a success rate of 101", withAnalysis(String.format(SUCCESS, "101")),
                        "spec.analysis.metrics[0].thresholdRange.min: 101 must be between 0 and 100 (a percent)"),
                invalid("a negative latency", withAnalysis(String.format(LATENCY, "-1")),
                        "spec.analysis.metrics[0].thresholdRange.max: -1 must be between 0 and 86400000 (milliseconds)"),
                invalid("a webhook timeout of a day", withAnalysis(String.format(HOOK, "24h")),
                        "spec.analysis.webhooks[0].timeout: 24h must be between 10ms and 1h"),
                invalid("a webhook timeout of 1ms", withAnalysis(String.format(HOOK, "1ms")),
                        "spec.analysis.webhooks[0].timeout: 1ms must be between 10ms and 1h"),
                invalid("a scale-down delay of a week", withStrategy(String.format(BLUE_GREEN, "168h")),
                        "spec.strategy.blueGreen.scaleDownDelay: 168h must be between 0s and 24h"),
                invalid("a negative scale-down delay", withStrategy(String.format(BLUE_GREEN, "-1s")),
                        "spec.strategy.blueGreen.scaleDownDelay: -1s must be between 0s and 24h"),
                invalid("more failed analyses than allowed", withAnalysis("threshold: 1001"),
                        "spec.analysis.threshold: 1001 must be between 1 and 1000"),
                invalid("more iterations than allowed", withStrategy("abTest: {iterations: 1001, match: [{headers: {x: {exact: y}}}]}"),
                        "spec.strategy.abTest.iterations: 1001 must be between 1 and 1000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outside")
    @DisplayName("a spec value outside its range is an error naming its path and the range")
    void outsideIsAnError(String name, String yaml, List<String> expected) {
        assertThat(RolloutSpecValidationTest.problems(yaml)).containsExactlyElementsOf(expected);
    }

    static Arguments invalid(String name, String yaml, String... expected) {
        return Arguments.of(name, yaml, List.of(expected));
    }

    @Nested
    @DisplayName("the Java API checks the same ranges")
    class JavaApi {

        @Test
        @DisplayName("an analysis interval of a million hours is a problem of the field interval")
        void analysisInterval() {
            InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                    () -> AnalysisPolicy.builder().interval(Duration.ofHours(1_000_000)).build());

            assertThat(e.problems()).containsExactly(new Problem("interval", "1000000h must be between 10ms and 24h"));
            assertThat(AnalysisPolicy.builder().interval(AnalysisPolicy.MAX_INTERVAL).build().interval())
                    .isEqualTo(Duration.ofHours(24));
        }

        @Test
        @DisplayName("a metric window of 1ns and a built-in's impossible bounds are InvalidValueExceptions naming the field")
        void metricCheck() {
            assertThat(catchThrowableOfType(InvalidValueException.class, () -> new MetricCheck(MetricCheck.REQUEST_DURATION, "",
                    ThresholdRange.atMost(500), Duration.ofNanos(1))))
                    .hasMessage("interval: 1ns must be between 1s and 24h")
                    .extracting(InvalidValueException::field).isEqualTo("interval");
            assertThat(catchThrowableOfType(InvalidValueException.class,
                    () -> MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(1e308))))
                    .hasMessage("thresholdRange.min: 1.0E308 must be between 0 and 100 (a percent)");
            assertThat(catchThrowableOfType(InvalidValueException.class,
                    () -> MetricCheck.builtIn(MetricCheck.REQUEST_DURATION, ThresholdRange.atMost(-1))))
                    .hasMessage("thresholdRange.max: -1 must be between 0 and 86400000 (milliseconds)");
            assertThat(catchThrowableOfType(InvalidValueException.class, () -> ThresholdRange.atMost(Double.POSITIVE_INFINITY)))
                    .hasMessage("thresholdRange.max: Infinity must be a finite number");
        }

        @Test
        @DisplayName("a custom check keeps any finite bounds, min not above max")
        void customCheck() {
            assertThat(MetricCheck.custom("lag", "lag", ThresholdRange.between(-1e308, 1e308)).thresholdRange().max())
                    .isEqualTo(1e308);
            assertThat(catchThrowableOfType(InvalidValueException.class, () -> ThresholdRange.between(2, 1)))
                    .hasMessage("thresholdRange.min: 2.0 must not be greater than max 1.0");
        }

        @Test
        @DisplayName("a webhook timeout, a scale-down delay and the retry policy's durations have ranges")
        void otherDurations() {
            assertThat(catchThrowableOfType(InvalidValueException.class, () -> new Webhook("load", HookType.ROLLOUT,
                    URI.create("http://load.test/"), Duration.ofHours(2), Map.of())))
                    .hasMessage("timeout: 2h must be between 10ms and 1h");
            assertThat(catchThrowableOfType(InvalidConfigException.class,
                    () -> BlueGreenStrategy.builder().scaleDownDelay(Duration.ofDays(2)).build()).problems())
                    .containsExactly(new Problem("scaleDownDelay", "48h must be between 0s and 24h"));
            assertThat(catchThrowableOfType(InvalidConfigException.class, () -> new RetryPolicy(Duration.ZERO,
                    Duration.ofDays(2), Duration.ofDays(8), StuckPolicy.PAUSE, Duration.ofSeconds(5))).problems())
                    .containsExactly(new Problem("initialBackoff", "0s must be between 1ms and 24h"),
                            new Problem("maxBackoff", "48h must be between 1ms and 24h"),
                            new Problem("deadline", "192h must be between 1ms and 168h"));
        }
    }
}
