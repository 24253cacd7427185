package dev.stepwise.metrics.prometheus;

import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.spi.MetricQuery;
import dev.stepwise.spi.SampleQuery;
import dev.stepwise.spi.SampleResult;
import java.time.Instant;
import java.util.List;

/**
 * The range query answering a {@link SampleQuery}: the metric for its track from
 * {@code now − lookback} to {@code now} every {@code step}, each point a rate over one step
 * ({@code interval} is the step). A template that is a built-in check's name
 * ({@value MetricCheck#REQUEST_SUCCESS_RATE}, {@value MetricCheck#REQUEST_DURATION}) runs the
 * flavor's built-in query, so a spec reads the same on the testkit and on Prometheus; any other
 * template is a custom query that must answer one series for the track.
 *
 * @param metric the metric query, its window the step
 * @param start  the first evaluation
 * @param end    the last evaluation, now
 * @param keep   how many of the latest points are samples: {@code lookback / step}
 */
record SampleRange(MetricQuery metric, Instant start, Instant end, long keep) {

    static SampleRange of(SampleQuery query, Instant now) {
        boolean builtIn = MetricCheck.isBuiltIn(query.template());
        MetricQuery metric = new MetricQuery(builtIn ? query.template() : query.metric(), builtIn ? "" : query.template(),
                query.track(), query.step(), query.variables());
        return new SampleRange(metric, now.minus(query.lookback()), now, query.expectedSamples());
    }

    /** The samples in {@code result}: its latest {@link #keep} points; NoData and Failed as they are. */
    SampleResult samples(RangeResult result) {
        if (result instanceof RangeResult.Points points) {
            List<RangeResult.Point> all = points.points();
            List<RangeResult.Point> latest = all.subList((int) Math.max(0, all.size() - keep), all.size());
            return new SampleResult.Samples(latest.stream().map(RangeResult.Point::value).toList());
        }
        if (result instanceof RangeResult.NoData noData) {
            return new SampleResult.NoData(noData.reason());
        }
        return new SampleResult.Failed(((RangeResult.Failed) result).reason());
    }
}
