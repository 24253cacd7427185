package dev.stepwise.operator.crd;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Required;

/**
 * {@code spec.delivery}: exactly one of its fields.
 *
 * @param cluster route changes applied to the API server ({@code {}})
 * @param git     route changes committed for a GitOps tool
 */
@FieldCount(min = 1, max = 1)
public record Delivery(Cluster cluster, Git git) {

    /** {@code cluster}: no fields. */
    @FieldCount(max = 0)
    public record Cluster() {
    }

    /**
     * {@code git}.
     *
     * @param repository the remote's URL (no credential: the validator's)
     * @param branch     a valid Git branch name
     * @param path       relative, {@code /}-separated
     * @param mode       how changes are written
     */
    public record Git(@Required String repository, String branch, String path, Mode mode) {
    }

    /** {@code git.mode}. */
    public enum Mode {
        @JsonProperty("push") PUSH,
        @JsonProperty("pullRequest") PULL_REQUEST
    }
}
