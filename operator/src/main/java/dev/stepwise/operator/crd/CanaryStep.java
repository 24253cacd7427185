package dev.stepwise.operator.crd;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;

/**
 * {@code spec.strategy.canary.steps[]}: exactly one of its fields.
 *
 * @param setWeight      the canary's share of traffic, 0..100
 * @param pause          wait, for a duration or for {@code promote}
 * @param analysis       checks judged at this step only
 * @param setHeaderRoute route matching requests to the canary
 * @param setMirrorRoute copy stable's requests to the canary
 * @param setCanaryScale scale the canary's pods
 */
@FieldCount(min = 1, max = 1)
public record CanaryStep(@Min(0) @Max(100) Integer setWeight, Pause pause, StepAnalysis analysis,
                         HeaderRoute setHeaderRoute, MirrorRoute setMirrorRoute, CanaryScale setCanaryScale) {

    /**
     * {@code pause}.
     *
     * @param duration a duration, or integer seconds (1 to 604800, 168 hours)
     */
    public record Pause(@Min(1) @Max(604800) @Pattern(SchemaPatterns.DURATION) IntOrString duration) {
    }

    /**
     * {@code analysis}.
     *
     * @param metrics    the checks, at least one
     * @param iterations passing intervals, 1..1000
     */
    public record StepAnalysis(@Required @Size(min = 1) List<Analysis.Metric> metrics,
                               @Min(1) @Max(1000) Integer iterations) {
    }

    /**
     * {@code setHeaderRoute}.
     *
     * @param name  the route's name
     * @param match the conditions, all of which must hold; none removes the route
     */
    public record HeaderRoute(@Required String name, @Size(min = 1) List<HeaderMatch> match) {

        /**
         * One header condition.
         *
         * @param headerName  the header
         * @param headerValue the condition on its value
         */
        public record HeaderMatch(@Required String headerName, @Required StringMatch headerValue) {
        }
    }

    /**
     * {@code setMirrorRoute}.
     *
     * @param name       the mirror's name
     * @param percentage the share of requests copied, 1..100; none removes the mirror
     */
    public record MirrorRoute(@Required String name, @Min(1) @Max(100) Integer percentage) {
    }

    /**
     * {@code setCanaryScale}: exactly one of its fields.
     *
     * @param weight             percent of the target's replicas, 1..100
     * @param matchTrafficWeight replicas follow the traffic weight
     */
    @FieldCount(min = 1, max = 1)
    public record CanaryScale(@Min(1) @Max(100) Integer weight, Boolean matchTrafficWeight) {
    }
}
