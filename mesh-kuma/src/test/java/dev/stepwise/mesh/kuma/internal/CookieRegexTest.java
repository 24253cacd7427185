package dev.stepwise.mesh.kuma.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Cookie conditions as cookie-header expressions: they match what the condition matches, and read back. */
class CookieRegexTest {

    static Stream<Arguments> requests() {
        MatchCondition exact = MatchCondition.cookie("canary", Operator.EXACT, "always");
        MatchCondition prefix = MatchCondition.cookie("user", Operator.PREFIX, "beta.");
        MatchCondition regex = MatchCondition.cookie("group", Operator.REGEX, "[a-c]+|z");
        MatchCondition metacharacters = MatchCondition.cookie("k", Operator.EXACT, "a.b*(c)");
        return Stream.of(
                Arguments.of(exact, "canary=always", true),
                Arguments.of(exact, "a=1; canary=always; b=2", true),
                Arguments.of(exact, "a=1;canary=always", true),
                Arguments.of(exact, "canary=alwaysx", false),
                Arguments.of(exact, "xcanary=always", false),
                Arguments.of(exact, "a=canary=always", false),
                Arguments.of(exact, "canary=never; other=always", false),
                Arguments.of(prefix, "user=beta.7; x=1", true),
                Arguments.of(prefix, "user=betax7", false),
                Arguments.of(prefix, "x=1; user=beta.", true),
                Arguments.of(regex, "group=abc", true),
                Arguments.of(regex, "a=1; group=z", true),
                Arguments.of(regex, "group=abd", false),
                Arguments.of(metacharacters, "k=a.b*(c)", true),
                Arguments.of(metacharacters, "k=aXbbb(c)", false));
    }

    @ParameterizedTest(name = "{0} on \"{1}\": {2}")
    @MethodSource("requests")
    @DisplayName("the expression matches a Cookie header exactly when the condition matches the cookie's value")
    void expressionMatchesLikeTheCondition(MatchCondition condition, String cookieHeader, boolean matches) {
        assertThat(Pattern.compile(CookieRegex.of(condition)).matcher(cookieHeader).matches()).isEqualTo(matches);
        assertThat(condition.test(valueOf(condition.name(), cookieHeader))).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    @DisplayName("every expression reads back as its condition")
    void expressionReadsBack(MatchCondition condition, String ignoredHeader, boolean ignored) {
        assertThat(CookieRegex.parse(CookieRegex.of(condition))).contains(condition);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[^;]*", "(?:x)", "a\\b", "", "x=y", ".*"})
    @DisplayName("values that look like the expression's own syntax read back unchanged, for every operator")
    void trickyValuesReadBack(String value) {
        for (Operator operator : Operator.values()) {
            MatchCondition condition = MatchCondition.cookie("c", operator, value);
            assertThat(CookieRegex.parse(CookieRegex.of(condition))).as("%s", condition).contains(condition);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"^canary=always$", ".*canary=.*", "^(?:.*;\\s*)?canary=al.ways(?:;.*)?$", "^(?:.*;\\s*)?=x(?:;.*)?$",
            "^(?:.*;\\s*)?a\\qb=x(?:;.*)?$"})
    @DisplayName("an expression of another form is no cookie condition")
    void otherExpressionsAreNoCookieCondition(String regex) {
        assertThat(CookieRegex.parse(regex)).isEmpty();
    }

    /** The value of cookie {@code name} in a Cookie header, or null. */
    private static String valueOf(String name, String cookieHeader) {
        for (String pair : cookieHeader.split(";")) {
            String trimmed = pair.strip();
            if (trimmed.startsWith(name + "=")) {
                return trimmed.substring(name.length() + 1);
            }
        }
        return null;
    }
}
