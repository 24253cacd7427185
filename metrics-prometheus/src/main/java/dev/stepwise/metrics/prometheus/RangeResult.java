package dev.stepwise.metrics.prometheus;

import dev.stepwise.validation.InvalidValueException;
import java.time.Instant;
import java.util.List;

/**
 * The values of one metric for one track over a time range ({@code /api/v1/query_range}), for
 * charts and post-mortems. Like {@link dev.stepwise.spi.MetricResult}, failures are values.
 */
public sealed interface RangeResult {

    /** One evaluation: its time and a finite value. */
    record Point(Instant at, double value) {
        public Point {
            InvalidValueException.requireNonNull("at", at);
            if (!Double.isFinite(value)) {
                throw new InvalidValueException("value", value, "must be finite");
            }
        }
    }

    /**
     * The finite values in time order. Evaluations that gave NaN or an infinity (no requests) are
     * left out, so gaps stay gaps and never read as values.
     */
    record Points(List<Point> points) implements RangeResult {
        public Points {
            points = List.copyOf(points);
        }
    }

    /** The range had no finite value for the track. */
    record NoData(String reason) implements RangeResult { }

    /** Prometheus could not answer: unreachable, timed out, refused the query. */
    record Failed(String reason) implements RangeResult { }
}
