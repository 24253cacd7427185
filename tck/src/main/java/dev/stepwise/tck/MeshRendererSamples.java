package dev.stepwise.tck;

import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.TrafficSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** The splits {@link MeshRendererCompatibilityKit} tries: its declared sample of the split space. */
final class MeshRendererSamples {

    private MeshRendererSamples() {
    }

    /** Every whole percent from 0 to 100. */
    static Stream<Integer> canaryWeights() {
        return IntStream.rangeClosed(0, 100).boxed();
    }

    /** A/B matches: each operator on a header, a cookie, two conditions at once, two alternatives. */
    static Stream<List<RouteMatch>> matchCases() {
        return Stream.of(
                List.of(RouteMatch.toCanary(MatchCondition.header("x-canary", Operator.EXACT, "insider"))),
                List.of(RouteMatch.toCanary(MatchCondition.header("user-agent", Operator.PREFIX, "Mozilla/5.0 (iPhone"))),
                List.of(RouteMatch.toCanary(MatchCondition.header("user-agent", Operator.REGEX, ".*(Android|iPhone).*"))),
                List.of(RouteMatch.toCanary(MatchCondition.cookie("canary", Operator.EXACT, "always"))),
                List.of(RouteMatch.toCanary(MatchCondition.header("x-region", Operator.EXACT, "eu-west"),
                        MatchCondition.header("x-tier", Operator.EXACT, "gold"))),
                List.of(RouteMatch.toCanary(MatchCondition.header("x-canary", Operator.EXACT, "insider")),
                        RouteMatch.toCanary(MatchCondition.cookie("beta", Operator.EXACT, "yes"))));
    }

    /**
     * Splits covering every capability a mesh has: all stable, all canary, weights every 10% (or
     * every granularity step), a baseline, each match case and two mirrors, as far as the mesh can.
     */
    static List<TrafficSplit> splits(RouterCapabilities capabilities, boolean routesBaseline) {
        int granularity = capabilities.weightGranularity();
        List<TrafficSplit> splits = new ArrayList<>();
        splits.add(TrafficSplit.allStable());
        splits.add(TrafficSplit.allCanary());
        for (int weight = granularity; weight < 100; weight += Math.max(granularity, 10)) {
            splits.add(TrafficSplit.canary(weight));
        }
        if (routesBaseline && granularity <= 10) {
            splits.add(TrafficSplit.canaryWithBaseline(roundDown(10, granularity)));
        }
        if (capabilities.headerMatch()) {
            matchCases().forEach(m -> splits.add(TrafficSplit.allStable().withMatches(m)));
        }
        if (capabilities.mirror()) {
            splits.add(TrafficSplit.allStable().withMirror(100));
            splits.add(TrafficSplit.canary(roundDown(20, granularity)).withMirror(roundDown(50, granularity)));
        }
        return splits;
    }

    /** {@code percent} rounded down to the granularity, at least one step. */
    static int roundDown(int percent, int granularity) {
        return Math.max(granularity, percent / granularity * granularity);
    }
}
