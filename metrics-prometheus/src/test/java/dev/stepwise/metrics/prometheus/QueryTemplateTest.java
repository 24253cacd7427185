package dev.stepwise.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.validation.InvalidValueException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("QueryTemplate")
class QueryTemplateTest {

    private static final QueryTemplate EXACT = QueryTemplate.of("up{job=\"{{ target }}\"}");
    private static final QueryTemplate REGEX = QueryTemplate.of("up{job=~\"{{ target }}\"}");
    private static final QueryTemplate RANGE = QueryTemplate.of("rate(up[{{ interval }}])");

    @Nested
    @DisplayName("rendering a label value inside an exact matcher's string")
    class ExactString {

        static Stream<Arguments> cases() {
            return Stream.of(
                    Arguments.of("a plain name", "podinfo", "up{job=\"podinfo\"}"),
                    Arguments.of("an empty value", "", "up{job=\"\"}"),
                    Arguments.of("a double quote", "a\"b", "up{job=\"a\\\"b\"}"),
                    Arguments.of("a quote and a closing brace", "\"}", "up{job=\"\\\"}\"}"),
                    Arguments.of("a quote, a brace and a second selector", "\"} or vector(1) or up{job=\"",
                            "up{job=\"\\\"} or vector(1) or up{job=\\\"\"}"),
                    Arguments.of("a closing brace without a quote", "} or vector(1)", "up{job=\"} or vector(1)\"}"),
                    Arguments.of("braces", "{a}", "up{job=\"{a}\"}"),
                    Arguments.of("a trailing backslash", "a\\", "up{job=\"a\\\\\"}"),
                    Arguments.of("a backslash before a quote", "a\\\"} or vector(1)", "up{job=\"a\\\\\\\"} or vector(1)\"}"),
                    Arguments.of("a newline", "a\nb", "up{job=\"a\\nb\"}"),
                    Arguments.of("a newline and a comment", "\"}\n# comment", "up{job=\"\\\"}\\n# comment\"}"),
                    Arguments.of("placeholder syntax, not expanded again", "{{ target }}", "up{job=\"{{ target }}\"}"),
                    Arguments.of("regex characters, literal in an exact matcher", "a.*", "up{job=\"a.*\"}"),
                    Arguments.of("a single quote and a backtick", "'`", "up{job=\"'`\"}"),
                    Arguments.of("non-ASCII letters", "ünïcødé", "up{job=\"ünïcødé\"}"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("cases")
        @DisplayName("escapes the value so it stays inside its string")
        void escapes(String name, String value, String expected) {
            assertThat(EXACT.render(Map.of("target", value))).isEqualTo(expected);
        }
    }

    @Nested
    @DisplayName("rendering a label value inside a regex matcher's string")
    class RegexString {

        static Stream<Arguments> cases() {
            return Stream.of(
                    Arguments.of("a plain name", "podinfo-primary", "up{job=~\"podinfo-primary\"}"),
                    Arguments.of("a dot", "a.b", "up{job=~\"a\\\\.b\"}"),
                    Arguments.of("a wildcard", ".*", "up{job=~\"\\\\.\\\\*\"}"),
                    Arguments.of("an alternation", "a|b", "up{job=~\"a\\\\|b\"}"),
                    Arguments.of("a quote, a brace and a function", "\"} or vector(1)",
                            "up{job=~\"\\\"\\\\} or vector\\\\(1\\\\)\"}"),
                    Arguments.of("a backslash", "a\\", "up{job=~\"a\\\\\\\\\"}"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("cases")
        @DisplayName("regex-quotes, then escapes the value, so it matches itself only")
        void quotes(String name, String value, String expected) {
            assertThat(REGEX.render(Map.of("target", value))).isEqualTo(expected);
        }

        @Test
        @DisplayName("treats !~ like =~ and allows spaces before the quote")
        void negativeMatcher() {
            assertThat(QueryTemplate.of("up{job!~ \"{{ target }}\"}").render(Map.of("target", "a.b")))
                    .isEqualTo("up{job!~ \"a\\\\.b\"}");
        }
    }

    @Nested
    @DisplayName("a value with a control character other than newline")
    class ControlCharacters {

        @ParameterizedTest(name = "U+{0}")
        @MethodSource("dev.stepwise.metrics.prometheus.QueryTemplateTest#controlCharacters")
        @DisplayName("is refused, naming the variable")
        void refused(String hex) {
            String value = "a" + (char) Integer.parseInt(hex, 16) + "b";

            assertThatThrownBy(() -> EXACT.render(Map.of("target", value)))
                    .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("target"))
                    .hasMessageContaining("control characters");
        }
    }

    static Stream<String> controlCharacters() {
        return Stream.of("0000", "0009", "000D", "001B", "007F");
    }

    @Nested
    @DisplayName("the interval")
    class Interval {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.stepwise.metrics.prometheus.QueryTemplateTest#validIntervals")
        @DisplayName("is placed as it is when a whole number and a unit")
        void valid(String value) {
            assertThat(RANGE.render(Map.of("interval", value))).isEqualTo("rate(up[" + value + "])");
        }

        @ParameterizedTest(name = "\"{0}\"")
        @MethodSource("dev.stepwise.metrics.prometheus.QueryTemplateTest#invalidIntervals")
        @DisplayName("is refused otherwise, naming the interval")
        void invalid(String value) {
            assertThatThrownBy(() -> RANGE.render(Map.of("interval", value)))
                    .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("interval"));
        }
    }

    static Stream<String> validIntervals() {
        return Stream.of("60s", "500ms", "5m", "1h", "2d", "1w", "1y");
    }

    static Stream<String> invalidIntervals() {
        return Stream.of("", "60", "1.5m", "-1s", "1m30s", "60s\n", " 60s", "1m] or vector(1) or up[1m", "PT1M", "1M");
    }

    @Nested
    @DisplayName("placement, checked when the template is made")
    class Placement {

        static Stream<Arguments> misplaced() {
            return Stream.of(
                    Arguments.of("a label value outside quotes", "up{job={{ target }}}", "target"),
                    Arguments.of("a label value as a metric name", "{{ target }}_total", "target"),
                    Arguments.of("a label value in a single-quoted string", "up{job='{{ target }}'}", "target"),
                    Arguments.of("a label value in a raw string", "up{job=`{{ target }}`}", "target"),
                    Arguments.of("a label value in a comment", "up # {{ target }}", "target"),
                    Arguments.of("the interval inside quotes", "up{job=\"{{ interval }}\"}", "interval"),
                    Arguments.of("an unclosed placeholder", "up{job=\"{{ target\"}", "template"),
                    Arguments.of("a placeholder that is not a name", "up{job=\"{{ 1abc }}\"}", "template"),
                    Arguments.of("an empty placeholder", "up{job=\"{{}}\"}", "template"),
                    Arguments.of("an unterminated string", "up{job=\"{{ target }}}", "template"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("misplaced")
        @DisplayName("refuses a template with a misplaced or malformed placeholder, naming it")
        void refused(String name, String template, String field) {
            assertThatThrownBy(() -> QueryTemplate.of(template))
                    .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(field));
        }

        @Test
        @DisplayName("accepts placeholders with or without spaces and a label value after an escaped quote")
        void accepted() {
            QueryTemplate template = QueryTemplate.of("sum(rate(x{a=\"{{namespace}}\", b=\"\\\"{{  target  }}\"}[{{ interval }}]))");

            assertThat(template.render(Map.of("namespace", "test", "target", "t", "interval", "1m")))
                    .isEqualTo("sum(rate(x{a=\"test\", b=\"\\\"t\"}[1m]))");
        }

        @Test
        @DisplayName("keeps text after a comment's line break as code")
        void commentEndsAtLineBreak() {
            QueryTemplate template = QueryTemplate.of("# the job\nup{job=\"{{ target }}\"}");

            assertThat(template.render(Map.of("target", "x"))).isEqualTo("# the job\nup{job=\"x\"}");
        }
    }

    @Test
    @DisplayName("names a variable that has no value")
    void missingVariable() {
        assertThatThrownBy(() -> EXACT.render(Map.of("namespace", "test")))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("target"))
                .hasMessage("target: (missing) is used by the query template but has no value");
    }

    @Test
    @DisplayName("lists its variables in order of first appearance, each once")
    void variables() {
        QueryTemplate template = QueryTemplate.of(
                "a{x=\"{{ target }}\", n=\"{{ namespace }}\"}[{{ interval }}] / b{x=\"{{ target }}\"}");

        assertThat(template.variables()).containsExactly("target", "namespace", "interval");
        assertThat(template.template()).startsWith("a{x=");
        assertThat(template).hasToString("QueryTemplate[" + template.template() + "]");
    }

    @Test
    @DisplayName("renders a template without placeholders unchanged and ignores unused values")
    void noPlaceholders() {
        assertThat(QueryTemplate.of("vector(1)").render(Map.of("target", "x"))).isEqualTo("vector(1)");
    }
}
