package dev.stepwise.kubernetes;

import java.util.List;

/**
 * The tracks of a rollout cannot be set up: the target Deployment is missing, a track resource
 * exists but does not fit (each problem names the resource, the field and what it should be), or,
 * with {@link BootstrapMode#REQUIRE}, track resources are missing (each problem says what to
 * create: kind, name, selector and port). Nothing was created when this is thrown.
 */
public final class TrackBootstrapException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * @param summary  the first line, e.g. what was being set up
     * @param problems one line each, at least one
     */
    public TrackBootstrapException(String summary, List<String> problems) {
        super(summary + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, one line each, in the order the resources were looked at. */
    public List<String> problems() {
        return problems;
    }
}
