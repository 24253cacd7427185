package dev.stepwise.mesh;

import static dev.stepwise.traffic.MatchCondition.Operator.EXACT;
import static dev.stepwise.traffic.MatchCondition.Operator.PREFIX;
import static dev.stepwise.traffic.MatchCondition.Operator.REGEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.validation.InvalidValueException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A cookie condition as a regex over the Cookie header")
class CookieMatchTest {

    static Stream<Arguments> writtenForms() {
        return Stream.of(
                arguments(MatchCondition.cookie("canary", EXACT, "always"),
                        "^(?:.*;\\s*)?canary=always(?:;.*)?$", "^(.*?;\\s*)?(canary=always)(;.*)?$"),
                arguments(MatchCondition.cookie("session", PREFIX, "beta."),
                        "^(?:.*;\\s*)?session=beta\\.[^;]*(?:;.*)?$", "^(.*?;\\s*)?(session=beta\\.[^;]*)(;.*)?$"),
                arguments(MatchCondition.cookie("group", REGEX, "a|b"),
                        "^(?:.*;\\s*)?group=(?:a|b)(?:;.*)?$", "^(.*?;\\s*)?(group=(?:a|b))(;.*)?$"),
                arguments(MatchCondition.cookie("session.id", EXACT, "v1"),
                        "^(?:.*;\\s*)?session\\.id=v1(?:;.*)?$", "^(.*?;\\s*)?(session\\.id=v1)(;.*)?$"),
                arguments(MatchCondition.cookie("beta", PREFIX, "y$"),
                        "^(?:.*;\\s*)?beta=y\\$[^;]*(?:;.*)?$", "^(.*?;\\s*)?(beta=y\\$[^;]*)(;.*)?$"),
                arguments(MatchCondition.cookie("beta", REGEX, "y.s"),
                        "^(?:.*;\\s*)?beta=(?:y.s)(?:;.*)?$", "^(.*?;\\s*)?(beta=(?:y.s))(;.*)?$"),
                arguments(MatchCondition.cookie("n$", EXACT, "[x]{1}(y)*+?^\\"),
                        "^(?:.*;\\s*)?n\\$=\\[x\\]\\{1\\}\\(y\\)\\*\\+\\?\\^\\\\(?:;.*)?$",
                        "^(.*?;\\s*)?(n\\$=\\[x\\]\\{1\\}\\(y\\)\\*\\+\\?\\^\\\\)(;.*)?$"),
                arguments(MatchCondition.cookie("empty", EXACT, ""),
                        "^(?:.*;\\s*)?empty=(?:;.*)?$", "^(.*?;\\s*)?(empty=)(;.*)?$"),
                arguments(MatchCondition.cookie("p", PREFIX, "[^;]*"),
                        "^(?:.*;\\s*)?p=\\[\\^;\\]\\*[^;]*(?:;.*)?$", "^(.*?;\\s*)?(p=\\[\\^;\\]\\*[^;]*)(;.*)?$"),
                arguments(MatchCondition.cookie("r", REGEX, "(?:x)"),
                        "^(?:.*;\\s*)?r=(?:(?:x))(?:;.*)?$", "^(.*?;\\s*)?(r=(?:(?:x)))(;.*)?$"));
    }

    @ParameterizedTest(name = "{0} -> {1} | {2}")
    @MethodSource("writtenForms")
    @DisplayName("is written in one fixed form per operator and grouping, and read back as it was")
    void writtenForm(MatchCondition cookie, String nonCapturing, String capturing) {
        assertThat(CookieMatch.NON_CAPTURING.regex(cookie)).isEqualTo(nonCapturing);
        assertThat(CookieMatch.CAPTURING.regex(cookie)).isEqualTo(capturing);
        assertThat(CookieMatch.NON_CAPTURING.condition(nonCapturing)).contains(cookie);
        assertThat(CookieMatch.CAPTURING.condition(capturing)).contains(cookie);
    }

    @ParameterizedTest(name = "{0} written {1}")
    @MethodSource("writtenForms")
    @DisplayName("is not read in the other grouping's form, so each mesh reads only what it writes")
    void otherGroupingIsNotRead(MatchCondition cookie, String nonCapturing, String capturing) {
        assertThat(CookieMatch.CAPTURING.condition(nonCapturing)).isEmpty();
        assertThat(CookieMatch.NON_CAPTURING.condition(capturing)).isEmpty();
    }

    static Stream<Arguments> requests() {
        MatchCondition exact = MatchCondition.cookie("canary", EXACT, "always");
        MatchCondition prefix = MatchCondition.cookie("canary", PREFIX, "al");
        MatchCondition regex = MatchCondition.cookie("canary", REGEX, "al(ways|so)");
        MatchCondition userPrefix = MatchCondition.cookie("user", PREFIX, "beta.");
        MatchCondition group = MatchCondition.cookie("group", REGEX, "[a-c]+|z");
        MatchCondition metacharacters = MatchCondition.cookie("k", EXACT, "a.b*(c)");
        MatchCondition beta = MatchCondition.cookie("beta", EXACT, "yes");
        MatchCondition betaPrefix = MatchCondition.cookie("beta", PREFIX, "y");
        MatchCondition betaRegex = MatchCondition.cookie("beta", REGEX, "y.s");
        return Stream.of(
                arguments(exact, "canary=always", true),
                arguments(exact, "a=1; canary=always", true),
                arguments(exact, "a=1;canary=always; b=2", true),
                arguments(exact, "a=1; canary=always; b=2", true),
                arguments(exact, "a=1;canary=always", true),
                arguments(exact, "canary=always2", false),
                arguments(exact, "canary=alwaysx", false),
                arguments(exact, "xcanary=always", false),
                arguments(exact, "a=canary=always", false),
                arguments(exact, "a=1; canary=never; b=always", false),
                arguments(exact, "canary=never; other=always", false),
                arguments(prefix, "a=1; canary=always; b=2", true),
                arguments(prefix, "canary=a", false),
                arguments(regex, "canary=also", true),
                arguments(regex, "b=2; canary=always", true),
                arguments(regex, "canary=alwaysx", false),
                arguments(userPrefix, "user=beta.7; x=1", true),
                arguments(userPrefix, "user=betax7", false),
                arguments(userPrefix, "x=1; user=beta.", true),
                arguments(group, "group=abc", true),
                arguments(group, "a=1; group=z", true),
                arguments(group, "group=abd", false),
                arguments(metacharacters, "k=a.b*(c)", true),
                arguments(metacharacters, "k=aXbbb(c)", false),
                arguments(beta, "beta=yes", true),
                arguments(beta, "a=1; beta=yes; c=3", true),
                arguments(beta, "a=1;beta=yes", true),
                arguments(beta, "a=1; beta=yess", false),
                arguments(beta, "xbeta=yes", false),
                arguments(beta, "beta=no; other=beta=yes", false),
                arguments(betaPrefix, "a=1; beta=yup", true),
                arguments(betaPrefix, "beta=no; y=1", false),
                arguments(betaRegex, "beta=yes; c=3", true),
                arguments(betaRegex, "beta=yes2", false),
                arguments(MatchCondition.cookie("session.id", EXACT, "1"), "sessionXid=1", false));
    }

    @ParameterizedTest(name = "{0} on \"{1}\": {2}")
    @MethodSource("requests")
    @DisplayName("matches a Cookie header exactly when the condition holds for the cookie, in either grouping,"
            + " whether the mesh matches the regex whole or searches it")
    void matchesLikeTheCondition(MatchCondition cookie, String header, boolean expected) {
        assertThat(cookie.test(valueOf(header, cookie.name()).orElse(null))).as("the condition itself").isEqualTo(expected);
        for (CookieMatch grouping : CookieMatch.values()) {
            Pattern regex = Pattern.compile(grouping.regex(cookie));
            assertThat(regex.matcher(header).matches()).as("full match of %s", regex).isEqualTo(expected);
            assertThat(regex.matcher(header).find()).as("search for %s", regex).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"[^;]*", "(?:x)", "a\\b", "", "x=y", ".*"})
    @DisplayName("values that look like the regex's own syntax read back unchanged, for every operator and grouping")
    void trickyValuesReadBack(String value) {
        for (Operator operator : Operator.values()) {
            MatchCondition cookie = MatchCondition.cookie("c", operator, value);
            for (CookieMatch grouping : CookieMatch.values()) {
                assertThat(grouping.condition(grouping.regex(cookie))).as("%s %s", grouping, cookie).contains(cookie);
            }
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"^canary=always$", ".*canary=.*", "^(?:.*;\\s*)?canary=al.ways(?:;.*)?$",
            "^(?:.*;\\s*)?=x(?:;.*)?$", "^(?:.*;\\s*)?a\\qb=x(?:;.*)?$", "^(?:.*;\\s*)?canary(?:;.*)?$",
            "^(?:.*;\\s*)?ca na=a(?:;.*)?$", "^(?:.*;\\s*)?a=\\q[^;]*(?:;.*)?$"})
    @DisplayName("a regex of another form is no cookie condition (non-capturing grouping)")
    void otherFormsNonCapturing(String regex) {
        assertThat(CookieMatch.NON_CAPTURING.condition(regex)).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {".*canary=always.*", "^(canary=always)$", "^(.*?;)?(canary=always)(;.*)?$",
            "^(.*?;\\s*)?(canary=a.b)(;.*)?$", "^(.*?;\\s*)?(canary=a\\)(;.*)?$", "^(.*?;\\s*)?(=a)(;.*)?$",
            "^(.*?;\\s*)?(canary)(;.*)?$", "^(.*?;\\s*)?(ca na=a)(;.*)?$", "^(.*?;\\s*)?(a:b=1)(;.*)?$"})
    @DisplayName("a regex of another form is no cookie condition (capturing grouping)")
    void otherFormsCapturing(String regex) {
        assertThat(CookieMatch.CAPTURING.condition(regex)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CookieMatch.class)
    @DisplayName("the regex form holding an expression that does not compile is an error naming the value")
    void brokenRegexIsAnError(CookieMatch grouping) {
        String regex = grouping.regex(MatchCondition.cookie("c", REGEX, "a")).replace("=(?:a)", "=(?:a(b)");
        assertThatThrownBy(() -> grouping.condition(regex)).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("value: ");
    }

    @Test
    @DisplayName("a header condition is no cookie to write")
    void headerConditionIsRefused() {
        assertThatThrownBy(() -> CookieMatch.NON_CAPTURING.regex(MatchCondition.header("x", EXACT, "1")))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("must be a cookie condition");
    }

    /** The value of cookie {@code name} in a Cookie header, as a server reads it. */
    private static Optional<String> valueOf(String header, String name) {
        return Arrays.stream(header.split(";")).map(String::trim).filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1)).findFirst();
    }
}
