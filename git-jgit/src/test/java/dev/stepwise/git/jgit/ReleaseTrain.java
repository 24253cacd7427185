package dev.stepwise.git.jgit;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.mesh.istio.IstioMeshRenderer;
import dev.stepwise.rollout.Phase;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.util.List;

/**
 * The releases the {@code kill -9} crash test delivers, one after another, to one service: v2, v3,
 * v4, ... Every third revision (v3, v6, ...) is bad: its success rate drops to 50% once the canary
 * has 30% of the traffic, so the strategy rolls it back; the others are promoted. What the canary
 * strategy must do with each is known in advance, split by split.
 */
final class ReleaseTrain {

    static final String NAMESPACE = "test";
    static final String SERVICE = "podinfo";
    static final String ID = NAMESPACE + "/" + SERVICE;
    static final String FIRST = "v2";
    /** The canary weight from which a bad revision fails its analysis. */
    static final int FAILS_FROM = 30;
    static final double HEALTHY_RATE = 99.9;
    static final double BAD_RATE = 50.0;

    private ReleaseTrain() {
    }

    /** The service's route: Istio resources, kept under {@code apps/} in the GitOps repository. */
    static IstioMeshRenderer renderer() {
        return IstioMeshRenderer.of(RouteTarget.builder(NAMESPACE, SERVICE).port(9898).build());
    }

    /** Canary steps of 10% up to 50%; a step after each passed analysis; two failed ones roll back. */
    static CanaryStrategy canary(Duration interval) {
        return CanaryStrategy.builder().stepWeight(10).maxWeight(50).analysis(AnalysisPolicy.builder()
                .interval(interval).threshold(2)
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99)))
                .build()).build();
    }

    static int number(String revision) {
        return Integer.parseInt(revision.substring(1));
    }

    static String next(String revision) {
        return "v" + (number(revision) + 1);
    }

    static boolean isBad(String revision) {
        return number(revision) % 3 == 0;
    }

    /** The success rate the canary of {@code revision} shows while it has {@code split}'s traffic. */
    static double successRate(String revision, TrafficSplit split) {
        return isBad(revision) && split.canary() >= FAILS_FROM ? BAD_RATE : HEALTHY_RATE;
    }

    /** The splits the strategy writes for {@code revision}, in order, each once. */
    static List<TrafficSplit> splits(String revision) {
        if (isBad(revision)) {
            return List.of(TrafficSplit.canary(10), TrafficSplit.canary(20), TrafficSplit.canary(30),
                    TrafficSplit.allStable());
        }
        return List.of(TrafficSplit.canary(10), TrafficSplit.canary(20), TrafficSplit.canary(30),
                TrafficSplit.canary(40), TrafficSplit.canary(50), TrafficSplit.allStable());
    }

    /** How the rollout of {@code revision} ends. */
    static Phase outcome(String revision) {
        return isBad(revision) ? Phase.ROLLED_BACK : Phase.SUCCEEDED;
    }
}
