package dev.stepwise.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.validation.InvalidValueException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Traffic needs")
class TrafficNeedsTest {

    static final RouteMatch BETA = RouteMatch.toCanary(MatchCondition.cookie("beta", MatchCondition.Operator.EXACT, "yes"));

    @Test
    void whole_switches_cover_all_stable_and_all_canary_and_nothing_else() {
        TrafficNeeds needs = TrafficNeeds.wholeSwitches("the custom strategy");

        assertThat(needs.weights()).extracting(TrafficNeeds.Weight::percent).containsExactly(0, 100);
        assertThat(needs.percentWeights()).isFalse();
        assertThat(needs.covers(TrafficSplit.allStable())).isTrue();
        assertThat(needs.covers(TrafficSplit.allCanary())).isTrue();
        assertThat(needs.covers(TrafficSplit.canary(10))).isFalse();
        assertThat(needs.covers(TrafficSplit.allStable().withMirror(50))).isFalse();
        assertThat(needs.covers(TrafficSplit.allStable().withMatches(List.of(BETA)))).isFalse();
    }

    @Test
    void a_split_adds_every_track_weight_with_the_first_source_given_and_its_mirror_and_matches() {
        TrafficNeeds needs = TrafficNeeds.builder("the canary strategy")
                .split(TrafficSplit.canaryWithBaseline(20), "stepWeights[0]")
                .split(TrafficSplit.canary(20), "stepWeights[1]")
                .split(TrafficSplit.allStable().withMirror(30), "before the first shift", "mirror: true")
                .split(TrafficSplit.allStable().withMatches(List.of(BETA)), "during the test", "matches")
                .build();

        assertThat(needs.weights()).containsExactly(new TrafficNeeds.Weight(0, TrafficNeeds.WHOLE_SWITCH),
                new TrafficNeeds.Weight(100, TrafficNeeds.WHOLE_SWITCH), new TrafficNeeds.Weight(20, "stepWeights[0]"),
                new TrafficNeeds.Weight(60, "stable's share at stepWeights[0]"),
                new TrafficNeeds.Weight(80, "stable's share at stepWeights[1]"));
        assertThat(needs.percentWeights()).isTrue();
        assertThat(needs.mirror()).contains("mirrors 30% of stable traffic to the canary before the first shift (mirror: true)");
        assertThat(needs.headerMatch()).contains("routes requests matching cookie beta exact \"yes\" to the canary during the test (matches)");
        assertThat(needs.covers(TrafficSplit.canaryWithBaseline(20))).isTrue();
        assertThat(needs.covers(TrafficSplit.canary(80))).as("a router honours a weight whichever track it is on").isTrue();
        assertThat(needs.covers(TrafficSplit.canary(30))).isFalse();
    }

    @Test
    void needs_without_weights_0_and_100_or_with_a_weight_twice_are_rejected() {
        List<TrafficNeeds.Weight> noHundred = List.of(new TrafficNeeds.Weight(0, "x"), new TrafficNeeds.Weight(50, "y"));
        List<TrafficNeeds.Weight> twice = List.of(new TrafficNeeds.Weight(0, "x"), new TrafficNeeds.Weight(100, "x"),
                new TrafficNeeds.Weight(100, "y"));

        assertThatThrownBy(() -> new TrafficNeeds("s", noHundred, Optional.empty(), Optional.empty()))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("must hold 0 and 100");
        assertThatThrownBy(() -> new TrafficNeeds("s", twice, Optional.empty(), Optional.empty()))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("must be distinct");
        assertThatThrownBy(() -> new TrafficNeeds.Weight(101, "x")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> TrafficNeeds.builder(" ")).isInstanceOf(InvalidValueException.class);
    }
}
