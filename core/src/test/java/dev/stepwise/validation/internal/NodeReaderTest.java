package dev.stepwise.validation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problem;
import dev.stepwise.validation.Problems;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The strict reader of a tree")
class NodeReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOCUMENT = "{\"weight\": \"ten\", \"tracks\": [\"stable\", \"blue\"], \"colour\": 1,"
            + " \"at\": \"2026-03-01T12:00:00Z\", \"after\": \"PT1M\", \"until\": null}";

    enum Colour { STABLE, CANARY }

    @Nested
    @DisplayName("when collecting")
    class Collecting {

        @Test
        @DisplayName("records every problem with its path and what was expected, and reads on")
        void recordsEveryProblem() {
            Problems problems = new Problems();
            NodeReader root = NodeReader.root(tree(DOCUMENT), problems);

            root.asObject(List.of("weight", "tracks", "at", "after", "until"));
            Optional<Long> weight = root.required("weight", r -> r.asLong(0, 100));
            List<Optional<Colour>> tracks = root.list("tracks").orElseThrow().stream()
                    .map(r -> r.asChoice(Colour.values(), c -> c.name().toLowerCase())).toList();
            Optional<String> missing = root.required("name", NodeReader::asString);

            assertThat(weight).isEmpty();
            assertThat(tracks).containsExactly(Optional.of(Colour.STABLE), Optional.empty());
            assertThat(missing).isEmpty();
            assertThat(problems.toList()).containsExactly(
                    new Problem("colour", "unknown field; known fields: weight, tracks, at, after, until"),
                    new Problem("weight", "expected a whole number between 0 and 100, got string \"ten\""),
                    new Problem("tracks[1]", "expected one of stable, canary, got string \"blue\""),
                    new Problem("name", "is required"));
            assertThat(root.field("tracks").troubled()).isTrue();
            assertThat(root.field("at").troubled()).isFalse();
        }

        @Test
        @DisplayName("reads instants, ISO-8601 durations and null where null is allowed")
        void readsStoredForms() {
            Problems problems = new Problems();
            NodeReader root = NodeReader.root(tree(DOCUMENT), problems);

            assertThat(root.required("at", NodeReader::asInstant)).contains(Instant.parse("2026-03-01T12:00:00Z"));
            assertThat(root.required("after", NodeReader::asIsoDuration)).contains(Duration.ofMinutes(1));
            assertThat(root.nullable("until", NodeReader::asInstant)).isEmpty();
            assertThat(root.nullable("since", NodeReader::asInstant)).isEmpty();
            assertThat(problems.toList()).containsExactly(new Problem("since", "is required (null when absent)"));
        }
    }

    @Nested
    @DisplayName("when failing fast")
    class FailingFast {

        @Test
        @DisplayName("throws the first problem as an InvalidValueException whose field is the path")
        void throwsTheFirst() {
            NodeReader root = NodeReader.failFast(tree(DOCUMENT));

            assertThatThrownBy(() -> root.list("tracks").orElseThrow().forEach(r -> r.asInteger(0, 100)))
                    .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("tracks[0]"))
                    .hasMessage("tracks[0]: expected a whole number between 0 and 100, got string \"stable\"");
        }

        @Test
        @DisplayName("names the root $")
        void namesTheRoot() {
            assertThatThrownBy(() -> NodeReader.failFast(tree("[1]")).asObject())
                    .isInstanceOf(InvalidValueException.class).hasMessage("$: expected an object, got a list");
        }

        @Test
        @DisplayName("reports a constructor's refusal under the path it was built at")
        void reportsConstructorProblemsUnderThePath() {
            NodeReader split = NodeReader.failFast(tree("{\"split\": {}}")).field("split");

            assertThatThrownBy(() -> split.build(() -> InvalidValueException.requireBetween("stable", 120, 0, 100)))
                    .isInstanceOf(InvalidValueException.class).hasMessage("split.stable: 120 must be between 0 and 100");
        }
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
