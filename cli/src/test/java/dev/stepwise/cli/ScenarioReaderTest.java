package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.testkit.TrackBehaviour;
import dev.stepwise.traffic.Track;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.Problem;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("ScenarioReader")
class ScenarioReaderTest {

    @Test
    @DisplayName("reads the example scenario: every field, changes carrying over what they leave out")
    void example() throws IOException {
        Scenario scenario = ScenarioReader.read(CliRun.SCENARIOS.resolve("slow-canary.yaml"));

        assertThat(scenario.name()).isEqualTo("slow-canary.yaml");
        assertThat(scenario.requestRate()).isEqualTo(100);
        assertThat(scenario.seed()).isEqualTo(7);
        assertThat(scenario.matchingShare()).isEqualTo(0.1);
        assertThat(scenario.tracks()).isEqualTo(Map.of(
                Track.STABLE, new TrackBehaviour(0.001, 50, 200),
                Track.CANARY, new TrackBehaviour(0.001, 60, 250),
                Track.BASELINE, new TrackBehaviour(0.001, 50, 200)));
        assertThat(scenario.changes()).containsExactly(
                new Scenario.Change(Duration.ofMinutes(3), Map.of(Track.CANARY, new TrackBehaviour(0.001, 120, 450)), Map.of()),
                new Scenario.Change(Duration.ofMinutes(4), Map.of(Track.CANARY, new TrackBehaviour(0.001, 200, 900)), Map.of()));
    }

    @Test
    @DisplayName("gives every default for an empty object: stable's behaviour on every track")
    void defaults() {
        Scenario scenario = ScenarioReader.parse("{}", "empty.yaml");

        assertThat(scenario.tracks()).isEqualTo(Scenario.sameEverywhere(Scenario.STABLE));
        assertThat(scenario.seed()).isEqualTo(42);
        assertThat(scenario.requestRate()).isEqualTo(100);
        assertThat(scenario.metrics()).isEmpty();
        assertThat(scenario.changes()).isEmpty();
    }

    @Test
    @DisplayName("reads custom metric values and their changes")
    void metrics() {
        Scenario scenario = ScenarioReader.parse("metrics: {lag: 12}\nchanges: [{at: 90s, metrics: {lag: 45.5}}]", "s.yaml");

        assertThat(scenario.metrics()).isEqualTo(Map.of("lag", 12.0));
        assertThat(scenario.changes()).containsExactly(
                new Scenario.Change(Duration.ofSeconds(90), Map.of(), Map.of("lag", 45.5)));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("an unknown top-level field", "seeds: 3",
                        List.of("seeds: unknown field; known fields: requestRate, seed, matchingShare, tracks, metrics, "
                                + "changes; did you mean seed?")),
                Arguments.of("a rate that is not a number", "requestRate: fast",
                        List.of("requestRate: expected a number, got string \"fast\"")),
                Arguments.of("a negative rate", "requestRate: -1", List.of("requestRate: -1 must be at least 0")),
                Arguments.of("a fractional seed", "seed: 1.5", List.of("seed: expected an integer, got number 1.5")),
                Arguments.of("a share above 1", "matchingShare: 2", List.of("matchingShare: 2 must be between 0 and 1")),
                Arguments.of("an unknown track", "tracks: {beta: {}}",
                        List.of("tracks.beta: unknown field; known fields: stable, canary, baseline")),
                Arguments.of("a misspelled track field", "tracks: {canary: {errorRat: 0.2}}",
                        List.of("tracks.canary.errorRat: unknown field; known fields: errorRate, latency; did you mean errorRate?")),
                Arguments.of("an error rate above 1", "tracks: {canary: {errorRate: 1.5}}",
                        List.of("tracks.canary.errorRate: 1.5 must be between 0 and 1")),
                Arguments.of("a latency without a unit", "tracks: {stable: {latency: {median: 20}}}",
                        List.of("tracks.stable.latency.median: expected a duration such as 50ms, 5m or PT1M, got integer 20")),
                Arguments.of("a zero latency", "tracks: {stable: {latency: {median: 0s}}}",
                        List.of("tracks.stable.latency.median: 0s must be longer than 0")),
                Arguments.of("a p99 below the median", "tracks: {canary: {latency: {median: 300ms, p99: 200ms}}}",
                        List.of("tracks.canary.latency.p99: p99 200ms must be at least the median 300ms")),
                Arguments.of("a change without a time", "changes: [{canary: {errorRate: 0.1}}]",
                        List.of("changes[0].at: is required: when the change happens, e.g. 5m")),
                Arguments.of("changes out of order", "changes: [{at: 5m}, {at: 1m}]",
                        List.of("changes[1].at: 1m is before the previous change at 5m; list changes in order of time")),
                Arguments.of("changes that are not a list", "changes: {at: 5m}",
                        List.of("changes: expected a list of changes, got an object")),
                Arguments.of("a metric value that is not a number", "metrics: {lag: high}",
                        List.of("metrics.lag: expected a number, got string \"high\"")),
                Arguments.of("a document that is not an object", "- 1", List.of("expected an object, got a list")),
                Arguments.of("an empty file", "", List.of("the file holds no scenario; write {} for every default")),
                Arguments.of("a repeated key", "seed: 1\nseed: 2", List.of("invalid YAML at line 2, column 5: Duplicate field 'seed'")),
                Arguments.of("several problems at once", "seed: x\ntracks: {canary: {errorRate: 2}}\nchanges: [{at: soon}]",
                        List.of("seed: expected an integer, got string \"x\"",
                                "tracks.canary.errorRate: 2 must be between 0 and 1",
                                "changes[0].at: expected a duration such as 50ms, 5m or PT1M, got string \"soon\"")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    @DisplayName("reports, with its path,")
    void reportsEveryProblem(String name, String yaml, List<String> expected) {
        assertThatThrownBy(() -> ScenarioReader.parse(yaml, "s.yaml"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("scenario s.yaml is invalid")
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).extracting(Problem::toString)
                        .containsExactlyElementsOf(expected));
    }
}
