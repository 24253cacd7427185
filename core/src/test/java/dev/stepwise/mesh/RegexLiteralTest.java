package dev.stepwise.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A literal inside a regex")
class RegexLiteralTest {

    static Stream<Arguments> escapes() {
        return Stream.of(arguments("", ""), arguments("plain-text_1", "plain-text_1"),
                arguments("\\.+*?()|[]{}^$", "\\\\\\.\\+\\*\\?\\(\\)\\|\\[\\]\\{\\}\\^\\$"),
                arguments("Mozilla/5.0 (iPhone", "Mozilla/5\\.0 \\(iPhone"));
    }

    @ParameterizedTest(name = "\"{0}\" <-> \"{1}\"")
    @MethodSource("escapes")
    @DisplayName("escapes every metacharacter so the literal matches itself, and unescapes exactly that")
    void escapes(String literal, String escaped) {
        assertThat(RegexLiteral.escape(literal)).isEqualTo(escaped);
        assertThat(RegexLiteral.unescape(escaped)).contains(literal);
        assertThat(Pattern.compile(escaped).matcher(literal).matches()).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"a.b", "(x)", "x\\", "\\q", "[^;]*"})
    @DisplayName("reads no literal from a regex with live metacharacters, a needless or a dangling backslash")
    void notLiteral(String regex) {
        assertThat(RegexLiteral.unescape(regex)).isEmpty();
    }
}
