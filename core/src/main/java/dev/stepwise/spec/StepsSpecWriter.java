package dev.stepwise.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.strategy.CanaryStep;
import dev.stepwise.strategy.StepListStrategy;
import dev.stepwise.time.Durations;
import dev.stepwise.traffic.MatchCondition;

/** Writes a {@link StepListStrategy} as {@code canary: {steps: [...]}}, in the shape {@link StepsSpecReader} reads. */
final class StepsSpecWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StepsSpecWriter() {
    }

    static ObjectNode canary(StepListStrategy strategy) {
        ObjectNode node = NODES.objectNode();
        ArrayNode steps = node.putArray("steps");
        strategy.steps().forEach(step -> steps.add(step(step)));
        return node;
    }

    private static ObjectNode step(CanaryStep step) {
        ObjectNode node = NODES.objectNode();
        if (step instanceof CanaryStep.SetWeight set) {
            node.put(step.key(), set.weight());
        } else if (step instanceof CanaryStep.Pause pause) {
            ObjectNode body = node.putObject(step.key());
            pause.duration().ifPresent(d -> body.put("duration", Durations.format(d)));
        } else if (step instanceof CanaryStep.Analysis analysis) {
            ObjectNode body = node.putObject(step.key());
            ArrayNode metrics = body.putArray("metrics");
            analysis.metrics().forEach(metric -> metrics.add(SpecWriter.metric(metric)));
            body.put("iterations", analysis.iterations());
        } else if (step instanceof CanaryStep.SetHeaderRoute route) {
            ObjectNode body = node.putObject(step.key()).put("name", route.name());
            if (!route.removes()) {
                ArrayNode match = body.putArray("match");
                for (MatchCondition condition : route.match()) {
                    match.addObject().put("headerName", condition.name()).putObject("headerValue")
                            .put(condition.operator().label(), condition.value());
                }
            }
        } else if (step instanceof CanaryStep.SetMirrorRoute mirror) {
            ObjectNode body = node.putObject(step.key()).put("name", mirror.name());
            mirror.percentage().ifPresent(p -> body.put("percentage", p));
        } else if (step instanceof CanaryStep.SetCanaryScale scale) {
            ObjectNode body = node.putObject(step.key());
            scale.weight().ifPresentOrElse(w -> body.put("weight", w), () -> body.put("matchTrafficWeight", true));
        }
        return node;
    }
}
