package dev.stepwise.operator.crd;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/**
 * {@code spec.analysis}.
 *
 * @param interval  how often the checks run
 * @param threshold failed analyses before rolling back, 1..1000
 * @param noData    how long missing data holds the rollout
 * @param metrics   the threshold checks, names unique (the validator's)
 * @param webhooks  the webhooks called at their hook points
 * @param judges    the statistical judges
 */
public record Analysis(@Pattern(SchemaPatterns.DURATION) String interval, @Min(1) @Max(1000) Integer threshold,
                       NoData noData, List<Metric> metrics, List<Webhook> webhooks, List<Judge> judges) {

    /**
     * {@code noData}.
     *
     * @param holdIntervals intervals without data before it counts as a failure, 0..100
     */
    public record NoData(@Min(0) @Max(100) Integer holdIntervals) {
    }

    /**
     * One threshold check.
     *
     * @param name           a built-in's name or any name with a query
     * @param query          a query template
     * @param thresholdRange the range the value must stay in
     * @param interval       how often it runs
     */
    public record Metric(@Required String name, String query, @Required ThresholdRange thresholdRange,
                         @Pattern(SchemaPatterns.DURATION) String interval) {
    }

    /**
     * {@code thresholdRange}.
     *
     * @param min the least value that passes
     * @param max the greatest value that passes
     */
    public record ThresholdRange(Double min, Double max) {
    }

    /**
     * One webhook.
     *
     * @param name     its name, non-empty
     * @param type     when it is called
     * @param url      an absolute http or https URL
     * @param timeout  how long a call may take
     * @param metadata sent with each call
     */
    public record Webhook(@Required @Size(min = 1) String name, WebhookType type,
                          @Required @Pattern(SchemaPatterns.HTTP_URL) String url,
                          @Pattern(SchemaPatterns.DURATION) String timeout, Map<String, String> metadata) {
    }

    /** {@code webhooks[].type}. */
    public enum WebhookType {
        @JsonProperty("confirm-rollout") CONFIRM_ROLLOUT,
        @JsonProperty("pre-rollout") PRE_ROLLOUT,
        @JsonProperty("rollout") ROLLOUT,
        @JsonProperty("confirm-traffic-increase") CONFIRM_TRAFFIC_INCREASE,
        @JsonProperty("confirm-promotion") CONFIRM_PROMOTION,
        @JsonProperty("post-rollout") POST_ROLLOUT,
        @JsonProperty("rollback") ROLLBACK
    }
}
