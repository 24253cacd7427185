package dev.stepwise.strategy;

import dev.stepwise.traffic.TrafficNeeds;
import dev.stepwise.traffic.TrafficSplit;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link TrafficNeeds} of each built-in strategy, computed with the very methods its steps
 * write splits with, over every position a rollout can reach: the healthy path, an operator's
 * {@code promote-full} from any position (which starts the route back from there), and the
 * all-stable split that rollback, abort and restart write. Pure.
 */
final class BuiltInTrafficNeeds {

    private BuiltInTrafficNeeds() {
    }

    /** The mirror step, every weight, and the route back from each weight a promotion may start at. */
    static TrafficNeeds canary(CanaryStrategy canary) {
        TrafficNeeds.Builder needs = TrafficNeeds.builder("the canary strategy");
        if (canary.mirror()) {
            needs.split(canary.mirroringSplit(), "before the first shift", "mirror: true");
        }
        List<Integer> weights = canary.weights();
        for (int i = 0; i < weights.size(); i++) {
            needs.split(canary.splitAt(weights.get(i)), canaryWeightSource(canary, i));
        }
        // The healthy path promotes at maxWeight; promote-full promotes at whatever weight it finds.
        for (int i = weights.size() - 1; i >= 0; i--) {
            TrafficSplit split = canary.splitAt(weights.get(i));
            while (!split.isAllStable()) {
                split = canary.routeBack(split);
                needs.split(split, "stepWeightPromotion, on the way back from " + weights.get(i) + "%");
            }
        }
        return needs.build();
    }

    private static String canaryWeightSource(CanaryStrategy canary, int index) {
        if (canary.explicitWeights()) {
            return "stepWeights[" + index + "]";
        }
        return index == canary.weights().size() - 1 ? "maxWeight" : "stepWeight";
    }

    /**
     * Every step's split, named by the step that first makes it, and each without its mirror
     * (promotion, healthy or by {@code promote-full} at that step, ends the mirror first).
     */
    static TrafficNeeds steps(List<CanaryStep> steps, List<StepPosition> positions) {
        TrafficNeeds.Builder needs = TrafficNeeds.builder("the canary step list");
        for (int i = 0; i < steps.size(); i++) {
            TrafficSplit split = positions.get(i + 1).split();
            String source = "steps[" + i + "]." + steps.get(i).key();
            needs.split(split, source);
            needs.split(split.withMirror(0), "promotion after " + source);
        }
        return needs.build();
    }

    /** The preview (mirrored or not) and the all-at-once switch. */
    static TrafficNeeds blueGreen(BlueGreenStrategy blueGreen) {
        return TrafficNeeds.builder("the blue/green strategy")
                .split(blueGreen.previewSplit(), "during the preview", "mirror: true")
                .split(blueGreen.switchSplit(), "the switch after the preview")
                .build();
    }

    /** Matching requests to the canary, every other request to stable. */
    static TrafficNeeds abTest(ABTestStrategy abTest) {
        return TrafficNeeds.builder("the A/B test strategy")
                .split(abTest.testSplit(), "during the test", "matches")
                .build();
    }

    /**
     * Every sub-step towards every batch, and the promotion's sub-steps back from each position
     * a move can settle at ({@code promote-full} stops a move where it stands).
     */
    static TrafficNeeds rolling(List<Integer> batches, BatchMove forward, BatchMove back) {
        TrafficNeeds.Builder needs = TrafficNeeds.builder("the rolling strategy");
        List<Integer> settled = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < batches.size(); i++) {
            int target = batches.get(i);
            while (at < target) {
                at = forward.next(at, target);
                settled.add(at);
                needs.split(forward.split(at), at == target ? "batches[" + i + "]"
                        : "maxSurge + maxUnavailable, on the way to batches[" + i + "]");
            }
        }
        for (int i = settled.size() - 1; i >= 0; i--) {
            int from = settled.get(i);
            int share = back.share(forward.split(from));
            while (share < 100) {
                share = back.next(share, 100);
                needs.split(back.split(share), "maxSurge + maxUnavailable, promoting from " + from + "%");
            }
        }
        return needs.build();
    }
}
