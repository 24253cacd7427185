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

    /** The reason a source that does not answer samples per track answers with. */
    String NO_SAMPLES = "this metric source does not answer samples per track";

    /**
     * One metric's samples of one track over the query's lookback, one every step, for a
     * distribution judge ({@code type: mann-whitney}). Same contract as {@link #query}: never
     * throws for an expected failure. Default: {@link SampleResult.Failed} with
     * {@value #NO_SAMPLES} (an Error verdict, never a pass: missing data is never evidence of health).
     */
    default SampleResult samples(SampleQuery query) {
        return new SampleResult.Failed(NO_SAMPLES);
    }

    /** Whether the source answers at all; default: assumed healthy. */
    default boolean isHealthy() {
        return true;
    }
}
