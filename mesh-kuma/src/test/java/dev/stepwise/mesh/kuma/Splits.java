package dev.stepwise.mesh.kuma;

import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** The splits the contract tests run over: every weight, baselines, and matches and mirrors where supported. */
final class Splits {

    /** Matches of every source and operator, to every track, including regex metacharacters in values. */
    static final List<RouteMatch> MATCHES = List.of(
            RouteMatch.toCanary(MatchCondition.header("x-canary", Operator.EXACT, "always")),
            RouteMatch.toCanary(MatchCondition.cookie("canary", Operator.EXACT, "a.b*c")),
            new RouteMatch(List.of(MatchCondition.header("x-user", Operator.PREFIX, "beta-"),
                    MatchCondition.cookie("session", Operator.PREFIX, "(x)")), Track.BASELINE),
            new RouteMatch(List.of(MatchCondition.header("user-agent", Operator.REGEX, ".*Firefox.*"),
                    MatchCondition.cookie("group", Operator.REGEX, "[a-c]+|z")), Track.STABLE));

    private Splits() {
    }

    /** Every canary weight 0..100, and canary with an equal baseline 0..50. */
    static List<TrafficSplit> weights() {
        List<TrafficSplit> splits = new ArrayList<>();
        IntStream.rangeClosed(0, 100).forEach(w -> splits.add(TrafficSplit.canary(w)));
        IntStream.rangeClosed(1, 50).forEach(w -> splits.add(TrafficSplit.canaryWithBaseline(w)));
        splits.add(new TrafficSplit(0, 0, 100, List.of(), 0));
        return splits;
    }

    /** {@link #weights()}, plus, when {@code withMatches}, matches and mirrors over a sample of weights. */
    static List<TrafficSplit> all(boolean withMatches) {
        List<TrafficSplit> splits = new ArrayList<>(weights());
        if (withMatches) {
            for (int weight : new int[] {0, 1, 10, 50, 99, 100}) {
                TrafficSplit base = TrafficSplit.canary(weight);
                splits.add(base.withMatches(MATCHES.subList(0, 1)));
                splits.add(base.withMatches(MATCHES));
                splits.add(base.withMirror(1));
                splits.add(base.withMirror(100));
                splits.add(base.withMatches(MATCHES).withMirror(25));
            }
            splits.add(TrafficSplit.canaryWithBaseline(5).withMatches(MATCHES).withMirror(50));
        }
        return splits;
    }
}
