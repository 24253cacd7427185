package dev.stepwise.importer.flagger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code spec.analysis} of a Canary, except its metrics and webhooks: the strategy, chosen as
 * Flagger chooses it (A/B test with {@code match} and {@code iterations}, blue/green with
 * {@code iterations} alone, else a canary), the schedule, and what has no equivalent.
 */
final class AnalysisSection {

    static final List<String> HANDLED = List.of("interval", "threshold", "maxWeight", "stepWeight", "stepWeights",
            "stepWeightPromotion", "iterations", "match", "mirror", "mirrorWeight", "metrics", "webhooks");
    private static final Map<String, String> REASONS = Map.of(
            "sessionAffinity", "not carried: Stepwise sets no affinity cookie, so a user may see both versions "
                    + "while the weights move",
            "alerts", "not carried: a spec declares no alerts yet; embedders send them with dev.stepwise.notify.Notifier"
                    + " (Slack, Teams, webhook), and every step is an event and a log line");
    private static final int FLAGGER_MAX_WEIGHT = 100;

    private AnalysisSection() {
    }

    /** Writes {@code strategy} and the analysis schedule into {@code body} and {@code analysis}. */
    static void translate(JsonNode from, ObjectNode body, ObjectNode analysis, Findings findings) {
        for (String field : List.of("interval", "threshold")) {
            if (from.has(field)) {
                analysis.set(field, from.get(field));
            }
        }
        boolean matches = from.path("match").isArray() && !from.path("match").isEmpty();
        int iterations = from.path("iterations").asInt(0);
        ObjectNode strategy = body.putObject("strategy");
        if (matches && iterations > 0) {
            abTest(from, strategy.putObject("abTest"), findings);
        } else if (iterations > 0) {
            blueGreen(from, strategy.putObject("blueGreen"), findings);
        } else {
            canary(from, strategy.putObject("canary"), findings);
        }
        readiness(from, "primaryReadyThreshold", "stable", findings);
        readiness(from, "canaryReadyThreshold", "canary", findings);
        findings.unhandled(from, "spec.analysis", withReadiness(), REASONS);
    }

    private static void abTest(JsonNode from, ObjectNode to, Findings findings) {
        to.set("iterations", from.get("iterations"));
        to.set("match", MatchConditions.convert(from.get("match"), "spec.analysis.match", findings));
        ignored(from, List.of("maxWeight", "stepWeight", "stepWeights", "stepWeightPromotion"),
                "Flagger ignores it too when match and iterations are set (an A/B test)", findings);
        ignored(from, List.of("mirror", "mirrorWeight"), "Stepwise's A/B test does not mirror", findings);
    }

    private static void blueGreen(JsonNode from, ObjectNode to, Findings findings) {
        to.set("iterations", from.get("iterations"));
        copy(from, to, "mirror", "mirrorWeight");
        // Flagger switches back to the promoted primary as soon as it is ready, and scales the
        // canary down at once: no analysis after the switch, no delay
        to.put("postPromotionIterations", 0);
        to.put("scaleDownDelay", "0s");
        ignored(from, List.of("maxWeight", "stepWeight", "stepWeights", "stepWeightPromotion"),
                "Flagger ignores it too when iterations is set without match (blue/green)", findings);
    }

    private static void canary(JsonNode from, ObjectNode to, Findings findings) {
        if (from.has("stepWeights")) {
            to.set("stepWeights", from.get("stepWeights"));
            ignored(from, List.of("stepWeight", "maxWeight"), "Flagger steps by stepWeights when given", findings);
        } else {
            copy(from, to, "stepWeight", "maxWeight");
            if (!from.has("stepWeight")) {
                findings.warning("spec.analysis.stepWeight", "not set: Stepwise steps by its default, 10");
            }
            overshoot(from, findings);
        }
        copy(from, to, "stepWeightPromotion", "mirror", "mirrorWeight");
        if (from.has("match")) {
            findings.warning("spec.analysis.match", "not carried: without iterations this is a weighted canary, "
                    + "and Stepwise routes matches in an A/B test only");
        }
    }

    /** Flagger adds stepWeight until the weight reaches maxWeight, capped at 100 only; Stepwise caps at maxWeight. */
    private static void overshoot(JsonNode from, Findings findings) {
        int step = from.path("stepWeight").asInt(10);
        int max = from.path("maxWeight").asInt(FLAGGER_MAX_WEIGHT);
        if (step <= 0 || max <= 0 || max % step == 0) {
            return;
        }
        int flaggerLast = Math.min(FLAGGER_MAX_WEIGHT, ((max + step - 1) / step) * step);
        if (flaggerLast != max) {
            findings.warning("spec.analysis.maxWeight", "Flagger's last step would be " + flaggerLast
                    + "% (it adds stepWeight until maxWeight is reached, capped at 100 only); Stepwise's last step is "
                    + max + "%, never above maxWeight");
        }
    }

    private static void readiness(JsonNode from, String field, String track, Findings findings) {
        if (from.has(field) && from.get(field).asInt(100) != 100) {
            findings.warning("spec.analysis." + field, "not carried: Stepwise waits for every " + track
                    + " pod to be ready (Flagger's 100)");
        }
    }

    private static List<String> withReadiness() {
        List<String> handled = new ArrayList<>(HANDLED);
        handled.add("primaryReadyThreshold");
        handled.add("canaryReadyThreshold");
        return handled;
    }

    private static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (String field : fields) {
            if (from.has(field)) {
                to.set(field, from.get(field));
            }
        }
    }

    private static void ignored(JsonNode from, List<String> fields, String why, Findings findings) {
        for (String field : fields) {
            if (from.has(field)) {
                findings.warning("spec.analysis." + field, "not carried: " + why);
            }
        }
    }
}
