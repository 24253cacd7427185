package dev.stepwise.spi;

/**
 * Reads metrics for analysis.
 *
 * <p><b>Contract.</b> {@link #query} never throws for an expected failure: an empty answer, NaN
 * or an infinity is {@link MetricResult.NoData}; an unreachable source, a timeout or a refused
 * query is {@link MetricResult.Failed} with the reason. It is safe to call from several threads.
 * Built-in checks ({@code request-success-rate}, {@code request-duration}) are known by name; a
 * source that does not support one answers Failed saying so.
 */
public interface MetricSource {

    /** The value of {@code query}. */
    MetricResult query(MetricQuery query);

    /** The reason a source that does not count answers with. */
    String NO_COUNTS = "this metric source does not count requests per track";

    /**
     * The requests and bad requests of the canary and of the query's control track over its
     * window, for a statistical judge. Same contract as {@link #query}: never throws for an
     * expected failure. Default: {@link CountResult.Failed} with {@value #NO_COUNTS} (an Error
     * verdict, never a pass).
     */
    default CountResult counts(CountQuery query) {
        return new CountResult.Failed(NO_COUNTS);
    }

    /** Whether the source answers at all; default: assumed healthy. */
    default boolean isHealthy() {
        return true;
    }
}
