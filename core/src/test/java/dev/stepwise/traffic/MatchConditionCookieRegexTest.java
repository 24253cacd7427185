package dev.stepwise.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.mesh.CookieMatch;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.validation.InvalidValueException;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A cookie regex")
class MatchConditionCookieRegexTest {

    @ParameterizedTest(name = "\"{0}\" is refused: meshes match it inside the Cookie header, where the anchor never holds")
    @ValueSource(strings = {"^always$", "^always", "always$", "a|b$"})
    void anchorsRefused(String regex) {
        assertThatThrownBy(() -> MatchCondition.cookie("canary", Operator.REGEX, regex))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("must not start with ^ or end with $")
                .hasMessageContaining("matches the whole cookie value");
    }

    @Test
    @DisplayName("without anchors matches the whole cookie value, in the Cookie header too")
    void withoutAnchors() {
        MatchCondition cookie = MatchCondition.cookie("canary", Operator.REGEX, "always|yes");
        Pattern header = Pattern.compile(CookieMatch.NON_CAPTURING.regex(cookie));
        assertThat(header.matcher("a=1; canary=always; b=2").matches()).isTrue();
        assertThat(header.matcher("canary=yes").matches()).isTrue();
        assertThat(header.matcher("canary=alwaysnot").matches()).isFalse();
    }

    @Test
    @DisplayName("may end in an escaped dollar, which is a character, not an anchor")
    void escapedDollar() {
        assertThat(MatchCondition.cookie("price", Operator.REGEX, "[0-9]+\\$").value()).isEqualTo("[0-9]+\\$");
        assertThatThrownBy(() -> MatchCondition.cookie("price", Operator.REGEX, "[0-9]+\\\\$"))
                .isInstanceOf(InvalidValueException.class);
    }
}
