package dev.stepwise.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.validation.InvalidValueException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A cookie condition's name is an RFC 6265 token")
class MatchConditionCookieNameTest {

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"canary", "session.id", "session_tier", "n$", "A-B", "!#$%&'*+-.^_`|~09azAZ"})
    @DisplayName("a token names a cookie")
    void tokensAreCookieNames(String name) {
        assertThat(MatchCondition.isCookieName(name)).isTrue();
        assertThat(MatchCondition.cookie(name, Operator.EXACT, "1").name()).isEqualTo(name);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"a;b", "a=b", "a,b", "a b", "a\tb", "a:b", "a/b", "a\"b", "(a)", "a[0]", "a{b}", "a?",
            "a@b", "a\\b", "caf\u00e9"})
    @DisplayName("anything else is refused when the condition is made, naming the field and the rule")
    void otherNamesAreRefused(String name) {
        assertThat(MatchCondition.isCookieName(name)).isFalse();
        assertThatThrownBy(() -> MatchCondition.cookie(name, Operator.EXACT, "1"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("name: \"" + name + "\" must be a cookie name, an RFC 6265 token")
                .extracting(e -> ((InvalidValueException) e).field()).isEqualTo("name");
    }

    @Test
    @DisplayName("a header name is not held to the cookie rule")
    void headerNamesAreNotCookieNames() {
        assertThat(MatchCondition.header("x canary", Operator.EXACT, "1").name()).isEqualTo("x canary");
    }
}
