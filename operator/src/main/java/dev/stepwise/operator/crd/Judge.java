package dev.stepwise.operator.crd;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * {@code spec.analysis.judges[]}: a statistical judge of the canary against a control.
 *
 * @param type            {@code sequential} (the only one available)
 * @param name            the verdict's name
 * @param metric          {@code errors} or {@code slow}
 * @param slowerThan      with {@code metric: slow}, what counts as slow
 * @param alpha           0.0001..0.2
 * @param beta            0.0001..0.5
 * @param effect          the harm the judge must detect
 * @param minimumRequests canary requests before a pass, 0..1000000000
 * @param holdLimit       looks without a conclusion, 0..1000
 * @param onInconclusive  what an inconclusive judge does
 */
public record Judge(@Required Type type, String name, Metric metric, @Pattern(SchemaPatterns.DURATION) String slowerThan,
                    @Min(0.0001) @Max(0.2) Double alpha, @Min(0.0001) @Max(0.5) Double beta, Effect effect,
                    @Min(0) @Max(1_000_000_000) Integer minimumRequests, @Min(0) @Max(1000) Integer holdLimit,
                    OnInconclusive onInconclusive) {

    /**
     * {@code effect}: exactly one of its fields.
     *
     * @param ratio  more than 1, at most 100
     * @param points more than 0, at most 100
     */
    @FieldCount(min = 1, max = 1)
    public record Effect(@Min(value = 1, inclusive = false) @Max(100) Double ratio,
                         @Min(value = 0, inclusive = false) @Max(100) Double points) {
    }

    /** {@code type}. */
    public enum Type {
        @JsonProperty("sequential") SEQUENTIAL
    }

    /** {@code metric}. */
    public enum Metric {
        @JsonProperty("errors") ERRORS,
        @JsonProperty("slow") SLOW
    }

    /** {@code onInconclusive}. */
    public enum OnInconclusive {
        @JsonProperty("promote-on-checks") PROMOTE_ON_CHECKS,
        @JsonProperty("hold") HOLD,
        @JsonProperty("rollback") ROLLBACK
    }
}
