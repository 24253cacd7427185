package dev.stepwise.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.validation.InvalidValueException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

@DisplayName("A traffic split")
class TrafficSplitTest {

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of((ThrowingCallable) () -> TrafficSplit.canary(120), "canaryWeight", "canaryWeight: 120 must be between 0 and 100"),
                Arguments.of((ThrowingCallable) () -> TrafficSplit.canary(-1), "canaryWeight", "canaryWeight: -1 must be between 0 and 100"),
                Arguments.of((ThrowingCallable) () -> new TrafficSplit(50, 40, 0, List.of(), 0), "weights",
                        "weights: stable 50 + canary 40 + baseline 0 = 90 must sum to 100"),
                Arguments.of((ThrowingCallable) () -> TrafficSplit.canary(10).withMirror(101), "mirrorPercent",
                        "mirrorPercent: 101 must be between 0 and 100"),
                Arguments.of((ThrowingCallable) () -> TrafficSplit.canaryWithBaseline(60), "canaryWeight",
                        "canaryWeight: 60 must be between 0 and 50"),
                Arguments.of((ThrowingCallable) () -> MatchCondition.header("x-canary", MatchCondition.Operator.REGEX, "(["), "value",
                        "value: \"([\" must be a valid regular expression"),
                Arguments.of((ThrowingCallable) () -> MatchCondition.header(" ", MatchCondition.Operator.EXACT, "a"), "name",
                        "name: \" \" must be a non-empty header name"),
                Arguments.of((ThrowingCallable) () -> new RouteMatch(List.of(), Track.CANARY), "conditions",
                        "conditions: [] must hold at least one header or cookie condition"));
    }

    @ParameterizedTest(name = "rejects {2}")
    @MethodSource("invalid")
    void rejects_invalid_values_naming_the_field_and_the_allowed_range(ThrowingCallable make, String field, String message) {
        assertThatThrownBy(make).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo(field));
    }

    @Test
    void gives_each_track_its_weight() {
        TrafficSplit split = TrafficSplit.canaryWithBaseline(20);

        assertThat(split.weights()).containsEntry(Track.STABLE, 60).containsEntry(Track.CANARY, 20).containsEntry(Track.BASELINE, 20);
        assertThat(split.weight(Track.CANARY)).isEqualTo(20);
    }

    @Test
    void is_all_stable_only_without_canary_weight_matches_or_mirror() {
        assertThat(TrafficSplit.allStable().isAllStable()).isTrue();
        assertThat(TrafficSplit.allStable().withMirror(10).isAllStable()).isFalse();
        assertThat(TrafficSplit.allStable().withMatches(List.of(RouteMatch.toCanary(
                MatchCondition.cookie("canary", MatchCondition.Operator.EXACT, "always")))).isAllStable()).isFalse();
        assertThat(TrafficSplit.canary(1).isAllStable()).isFalse();
    }

    @Test
    void says_what_it_is_in_to_string() {
        TrafficSplit split = TrafficSplit.canary(30).withMirror(50).withMatches(List.of(
                RouteMatch.toCanary(MatchCondition.header("x-user", MatchCondition.Operator.PREFIX, "beta-"))));

        assertThat(split).hasToString("stable 70% / canary 30%, mirror 50%, matches [header x-user prefix \"beta-\" -> canary]");
    }

    @Test
    void match_conditions_compare_exactly_by_prefix_or_by_whole_regex() {
        assertThat(MatchCondition.header("x", MatchCondition.Operator.EXACT, "a").test("a")).isTrue();
        assertThat(MatchCondition.header("x", MatchCondition.Operator.EXACT, "a").test("ab")).isFalse();
        assertThat(MatchCondition.header("x", MatchCondition.Operator.PREFIX, "a").test("ab")).isTrue();
        assertThat(MatchCondition.cookie("c", MatchCondition.Operator.REGEX, "(.*;)?canary=always(;.*)?").test("a=1;canary=always")).isTrue();
        assertThat(MatchCondition.header("x", MatchCondition.Operator.REGEX, "b").test("abc")).as("regex must match the whole value").isFalse();
        assertThat(MatchCondition.header("x", MatchCondition.Operator.EXACT, "a").test(null)).isFalse();
    }
}
