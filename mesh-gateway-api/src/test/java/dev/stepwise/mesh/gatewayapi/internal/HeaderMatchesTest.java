package dev.stepwise.mesh.gatewayapi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.MatchCondition.Source;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("A request condition as a Gateway API header match")
class HeaderMatchesTest {

    static Stream<Arguments> writtenForms() {
        return Stream.of(
                arguments(MatchCondition.header("x-canary", Operator.EXACT, "insider"), "x-canary", "Exact", "insider"),
                arguments(MatchCondition.header("x-canary", Operator.PREFIX, "a.b("), "x-canary", "RegularExpression", "^a\\.b\\(.*$"),
                arguments(MatchCondition.header("x-canary", Operator.REGEX, "a|b"), "x-canary", "RegularExpression", "^(?:a|b)$"),
                arguments(MatchCondition.cookie("session.id", Operator.EXACT, "v1"), "Cookie", "RegularExpression",
                        "^(?:.*;\\s*)?session\\.id=v1(?:;.*)?$"),
                arguments(MatchCondition.cookie("beta", Operator.PREFIX, "y$"), "Cookie", "RegularExpression",
                        "^(?:.*;\\s*)?beta=y\\$[^;]*(?:;.*)?$"),
                arguments(MatchCondition.cookie("beta", Operator.REGEX, "y.s"), "Cookie", "RegularExpression",
                        "^(?:.*;\\s*)?beta=(?:y.s)(?:;.*)?$"));
    }

    @ParameterizedTest(name = "{0} -> {1} {2} {3}")
    @MethodSource("writtenForms")
    @DisplayName("is written in one fixed form per source and operator, and read back as it was")
    void writtenForm(MatchCondition condition, String name, String type, String value) {
        ObjectNode header = HeaderMatches.write(condition, "c");

        assertThat(header.toString()).isEqualTo("{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"value\":"
                + header.get("value").toString() + "}");
        assertThat(header.get("value").asText()).isEqualTo(value);
        assertThat(HeaderMatches.read(header, "c")).isEqualTo(condition);
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                arguments(MatchCondition.header("ua", Operator.PREFIX, "Mozilla/5.0 (iPhone"), "Mozilla/5.0 (iPhone; CPU)", true),
                arguments(MatchCondition.header("ua", Operator.PREFIX, "Mozilla/5.0 (iPhone"), "Mozilla/5.0 (iPad)", false),
                arguments(MatchCondition.header("ua", Operator.PREFIX, "Mozilla/5.0 (iPhone"), "x Mozilla/5.0 (iPhone", false),
                arguments(MatchCondition.header("ua", Operator.REGEX, "a|b"), "b", true),
                arguments(MatchCondition.header("ua", Operator.REGEX, "a|b"), "ab", false),
                arguments(MatchCondition.header("ua", Operator.REGEX, ".*(Android|iPhone).*"), "Mozilla (iPhone)", true),
                arguments(MatchCondition.header("ua", Operator.REGEX, ".*(Android|iPhone).*"), "Mozilla (X11)", false),
                // the cookie regex itself is specified in core's CookieMatchTest; here: it is what is written
                arguments(MatchCondition.cookie("beta", Operator.EXACT, "yes"), "a=1; beta=yes; c=3", true),
                arguments(MatchCondition.cookie("beta", Operator.EXACT, "yes"), "xbeta=yes", false));
    }

    @ParameterizedTest(name = "{0} on \"{1}\": {2}")
    @MethodSource("requests")
    @DisplayName("matches the requests the condition accepts, whether the mesh fully matches or searches the regex")
    void matchesLikeTheCondition(MatchCondition condition, String headerValue, boolean expected) {
        String regex = HeaderMatches.write(condition, "c").get("value").asText();
        String actual = condition.source() == Source.COOKIE ? cookie(headerValue, condition.name()).orElse(null) : headerValue;

        assertThat(condition.test(actual)).as("the condition itself").isEqualTo(expected);
        assertThat(Pattern.compile(regex).matcher(headerValue).matches()).as("full match of %s", regex).isEqualTo(expected);
        assertThat(Pattern.compile(regex).matcher(headerValue).find()).as("search for %s", regex).isEqualTo(expected);
    }

    /** The value of cookie {@code name} in a Cookie header, as a server reads it. */
    private static Optional<String> cookie(String header, String name) {
        return Arrays.stream(header.split(";")).map(String::trim).filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1)).findFirst();
    }
}
