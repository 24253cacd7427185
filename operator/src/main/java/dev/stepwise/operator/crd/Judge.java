package dev.stepwise.operator.crd;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * {@code spec.analysis.judges[]}: a statistical judge of the canary against a control. One object
 * for both types: which fields belong to which type (and that {@code metrics} is required for
 * {@code mann-whitney}) the spec validator checks.
 *
 * @param type            {@code sequential} or {@code mann-whitney}
 * @param name            the verdict's name
 * @param metric          {@code errors} or {@code slow}
 * @param slowerThan      with {@code metric: slow}, what counts as slow
 * @param alpha           0.0001..0.2
 * @param beta            0.0001..0.5
 * @param effect          the harm the judge must detect
 * @param minimumRequests canary requests before a pass, 0..1000000000
 * @param holdLimit       looks without a conclusion, 0..1000
 * @param onInconclusive  what an inconclusive judge does
 * @param interval        a sequential judge's own look interval (the range is the validator's)
 * @param metrics         a mann-whitney judge's metrics, at least one
 * @param confidence      0.5..0.9999
 * @param minSamples      3..2000 per track
 * @param passScore       0..100
 * @param marginalScore   0..100 (at most {@code passScore}: the validator's)
 * @param outliers        outlier filter
 * @param step            between two samples (the range is the validator's)
 * @param lookback        how far back samples are taken (the range is the validator's)
 */
public record Judge(@Required Type type, String name, Metric metric, @Pattern(SchemaPatterns.DURATION) String slowerThan,
                    @Min(0.0001) @Max(0.2) Double alpha, @Min(0.0001) @Max(0.5) Double beta, Effect effect,
                    @Min(0) @Max(1_000_000_000) Integer minimumRequests, @Min(0) @Max(1000) Integer holdLimit,
                    OnInconclusive onInconclusive, @Pattern(SchemaPatterns.DURATION) String interval,
                    @Size(min = 1) List<DistributionMetric> metrics, @Min(0.5) @Max(0.9999) Double confidence,
                    @Min(3) @Max(2000) Integer minSamples, @Min(0) @Max(100) Double passScore,
                    @Min(0) @Max(100) Double marginalScore, Outliers outliers,
                    @Pattern(SchemaPatterns.DURATION) String step, @Pattern(SchemaPatterns.DURATION) String lookback) {

    /**
     * {@code metrics[]} of a mann-whitney judge.
     *
     * @param name      the metric's name
     * @param query     PromQL template run once per track as a range query
     * @param direction which change harms
     * @param tolerance the shift tolerated either way
     * @param weight    more than 0, at most 1000
     * @param critical  a harmed critical metric fails the judge
     */
    public record DistributionMetric(@Required @Size(min = 1) String name, @Required @Size(min = 1) String query,
                                     Direction direction, Tolerance tolerance,
                                     @Min(value = 0, inclusive = false) @Max(1000) Double weight, Boolean critical) {
    }

    /**
     * {@code tolerance}: exactly one of its fields.
     *
     * @param relative more than 0, at most 10
     * @param absolute at least 0
     */
    @FieldCount(min = 1, max = 1)
    public record Tolerance(@Min(value = 0, inclusive = false) @Max(10) Double relative, @Min(0) Double absolute) {
    }

    /**
     * {@code outliers}.
     *
     * @param iqr 0 (off) or 0.5..100 (the gap is the validator's)
     */
    public record Outliers(@Required @Min(0) @Max(100) Double iqr) {
    }

    /** {@code metrics[].direction}. */
    public enum Direction {
        @JsonProperty("increase") INCREASE,
        @JsonProperty("decrease") DECREASE,
        @JsonProperty("either") EITHER
    }

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
        @JsonProperty("sequential") SEQUENTIAL,
        @JsonProperty("mann-whitney") MANN_WHITNEY
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
