package dev.stepwise.operator.crd;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;
import java.util.Map;

/**
 * {@code spec.strategy}: exactly one of its fields (the schema: at most one property, at least
 * one).
 *
 * @param canary    weights raised step by step, or explicit steps
 * @param blueGreen the whole of the traffic switched once the preview passes
 * @param rolling   the target's own pods replaced in batches
 * @param abTest    requests matching headers or cookies routed to the canary
 * @param custom    a strategy of an installed provider: open, its fields checked by the provider
 */
@FieldCount(min = 1, max = 1)
public record Strategy(Canary canary, BlueGreen blueGreen, Rolling rolling, AbTest abTest, Custom custom) {

    /** {@code spec.strategy.canary}; see the spec reference for each field's meaning. */
    public record Canary(@Min(1) @Max(100) Integer stepWeight, @Min(1) @Max(100) Integer maxWeight,
                         List<@Min(1) @Max(100) Integer> stepWeights,
                         @Min(0) @Max(100) Integer stepWeightPromotion, Boolean mirror,
                         @Min(1) @Max(100) Integer mirrorWeight, Boolean baseline,
                         @Size(min = 1) List<CanaryStep> steps) {
    }

    /** {@code spec.strategy.blueGreen}; see the spec reference for each field's meaning. */
    public record BlueGreen(@Min(1) @Max(1000) Integer iterations, Boolean mirror, @Min(1) @Max(100) Integer mirrorWeight,
                            @Min(0) @Max(100) Integer postPromotionIterations,
                            @Pattern(SchemaPatterns.DURATION) String scaleDownDelay, Boolean autoPromotion) {
    }

    /**
     * {@code spec.strategy.rolling}.
     *
     * @param batches        percents of the replicas, strictly ascending (the validator's), each 1..100
     * @param maxSurge       {@code "25%"}, or a bare 0
     * @param maxUnavailable {@code "0%"}, or a bare 0
     */
    public record Rolling(List<@Min(1) @Max(100) Integer> batches,
                          @Min(0) @Max(0) @Pattern(SchemaPatterns.PERCENT) IntOrString maxSurge,
                          @Min(0) @Max(0) @Pattern(SchemaPatterns.PERCENT) IntOrString maxUnavailable) {
    }

    /**
     * {@code spec.strategy.abTest}.
     *
     * @param iterations passing analyses before promotion
     * @param match      alternatives, each at least one header or cookie condition
     */
    public record AbTest(@Min(1) @Max(1000) Integer iterations, @Required @Size(min = 1) List<Match> match) {

        /** One alternative of {@code abTest.match}: every condition must hold. */
        @FieldCount(min = 1)
        public record Match(Map<String, StringMatch> headers, Map<String, StringMatch> cookies) {
        }
    }

    /**
     * {@code spec.strategy.custom}: open; the provider its {@code type} names reads the rest.
     *
     * @param type the provider's type
     */
    @PreserveUnknownFields
    public record Custom(@Required @Pattern(SchemaPatterns.CUSTOM_TYPE) String type) {
    }
}
