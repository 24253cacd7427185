package dev.stepwise.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.traffic.MatchCondition.Operator;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteMatchEqualityTest {

    private final MatchCondition region = MatchCondition.header("x-region", Operator.EXACT, "eu-west");
    private final MatchCondition tier = MatchCondition.header("x-tier", Operator.EXACT, "gold");

    @Test
    void theOrderOfConditionsDoesNotMatterSinceAllMustHold() {
        RouteMatch one = new RouteMatch(List.of(region, tier), Track.CANARY);
        RouteMatch other = new RouteMatch(List.of(tier, region), Track.CANARY);

        assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
        assertThat(TrafficSplit.allStable().withMatches(List.of(one)))
                .isEqualTo(TrafficSplit.allStable().withMatches(List.of(other)));
    }

    @Test
    void aRepeatedConditionOrAnotherTrackIsAnotherMatch() {
        assertThat(new RouteMatch(List.of(region, region), Track.CANARY))
                .isNotEqualTo(new RouteMatch(List.of(region, tier), Track.CANARY))
                .isNotEqualTo(new RouteMatch(List.of(region), Track.CANARY));
        assertThat(new RouteMatch(List.of(region), Track.CANARY)).isNotEqualTo(new RouteMatch(List.of(region), Track.STABLE));
    }
}
