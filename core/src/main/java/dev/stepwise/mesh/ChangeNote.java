package dev.stepwise.mesh;

import dev.stepwise.spi.RouteChange;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;

/**
 * What a {@link ManifestSink} may record about one write: why the route changes, and the split
 * before and after. A sink with an audit trail (Git) puts it in the commit message; the API server
 * sink ignores it.
 *
 * @param change why (the rollout, step, decision, reason and verdicts)
 * @param before the split the stored resources held, all stable when they did not exist
 * @param after  the split written
 */
public record ChangeNote(RouteChange change, TrafficSplit before, TrafficSplit after) {

    public ChangeNote {
        InvalidValueException.requireNonNull("change", change);
        InvalidValueException.requireNonNull("before", before);
        InvalidValueException.requireNonNull("after", after);
    }
}
