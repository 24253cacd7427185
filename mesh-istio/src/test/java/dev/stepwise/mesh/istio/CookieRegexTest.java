package dev.stepwise.mesh.istio;

import static dev.stepwise.traffic.MatchCondition.Operator.EXACT;
import static dev.stepwise.traffic.MatchCondition.Operator.PREFIX;
import static dev.stepwise.traffic.MatchCondition.Operator.REGEX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.traffic.MatchCondition;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A cookie condition as a regex on the cookie header: what it looks like, what it matches, and back. */
class CookieRegexTest {

    static Stream<Arguments> encodings() {
        return Stream.of(
                Arguments.of(MatchCondition.cookie("canary", EXACT, "always"), "^(.*?;\\s*)?(canary=always)(;.*)?$"),
                Arguments.of(MatchCondition.cookie("session", PREFIX, "beta."), "^(.*?;\\s*)?(session=beta\\.[^;]*)(;.*)?$"),
                Arguments.of(MatchCondition.cookie("group", REGEX, "a|b"), "^(.*?;\\s*)?(group=(?:a|b))(;.*)?$"),
                Arguments.of(MatchCondition.cookie("n$", EXACT, "[x]{1}(y)*+?^\\"),
                        "^(.*?;\\s*)?(n\\$=\\[x\\]\\{1\\}\\(y\\)\\*\\+\\?\\^\\\\)(;.*)?$"),
                Arguments.of(MatchCondition.cookie("empty", EXACT, ""), "^(.*?;\\s*)?(empty=)(;.*)?$"),
                Arguments.of(MatchCondition.cookie("p", PREFIX, "[^;]*"), "^(.*?;\\s*)?(p=\\[\\^;\\]\\*[^;]*)(;.*)?$"),
                Arguments.of(MatchCondition.cookie("r", REGEX, "(?:x)"), "^(.*?;\\s*)?(r=(?:(?:x)))(;.*)?$"));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("encodings")
    void aCookieConditionIsARegexThatReadsBackAsTheCondition(MatchCondition condition, String regex) {
        assertThat(CookieRegex.encode(condition)).isEqualTo(regex);
        assertThat(CookieRegex.decode(regex)).contains(condition);
    }

    static Stream<Arguments> cookieHeaders() {
        MatchCondition exact = MatchCondition.cookie("canary", EXACT, "always");
        MatchCondition prefix = MatchCondition.cookie("canary", PREFIX, "al");
        MatchCondition regex = MatchCondition.cookie("canary", REGEX, "al(ways|so)");
        return Stream.of(
                Arguments.of(exact, "canary=always", true),
                Arguments.of(exact, "a=1; canary=always", true),
                Arguments.of(exact, "a=1;canary=always; b=2", true),
                Arguments.of(exact, "canary=always2", false),
                Arguments.of(exact, "xcanary=always", false),
                Arguments.of(exact, "a=canary=always", false),
                Arguments.of(exact, "a=1; canary=never; b=always", false),
                Arguments.of(prefix, "a=1; canary=always; b=2", true),
                Arguments.of(prefix, "canary=a", false),
                Arguments.of(regex, "canary=also", true),
                Arguments.of(regex, "b=2; canary=always", true),
                Arguments.of(regex, "canary=alwaysx", false));
    }

    @ParameterizedTest(name = "{0} on \"{1}\": {2}")
    @MethodSource("cookieHeaders")
    void theRegexMatchesACookieHeaderExactlyWhenTheCookieSatisfiesTheCondition(MatchCondition condition, String header,
                                                                               boolean matches) {
        // Envoy's header regex must match the whole value, as Java's matches() does.
        assertThat(Pattern.compile(CookieRegex.encode(condition)).matcher(header).matches()).isEqualTo(matches);
    }

    @ParameterizedTest
    @ValueSource(strings = {".*canary=always.*", "^(canary=always)$", "^(.*?;)?(canary=always)(;.*)?$",
            "^(.*?;\\s*)?(canary=a.b)(;.*)?$", "^(.*?;\\s*)?(canary=a\\)(;.*)?$", "^(.*?;\\s*)?(=a)(;.*)?$",
            "^(.*?;\\s*)?(canary)(;.*)?$", "^(.*?;\\s*)?(ca na=a)(;.*)?$"})
    void aRegexOfAnotherFormIsNotReadAsACookieCondition(String regex) {
        assertThat(CookieRegex.decode(regex)).isEmpty();
    }
}
