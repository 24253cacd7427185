package dev.stepwise.engine;

import dev.stepwise.analysis.MannWhitneyCheck;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.analysis.judge.DistributionMetric;
import dev.stepwise.analysis.judge.MannWhitneyJudge;
import dev.stepwise.analysis.judge.MetricComparison;
import dev.stepwise.spi.MetricSource;
import dev.stepwise.spi.SampleQuery;
import dev.stepwise.spi.SampleResult;
import dev.stepwise.traffic.Track;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One look of a distribution judge ({@code type: mann-whitney}): each metric's samples of the
 * canary and of the control, one {@link MetricSource#samples} query per track, compared, and the
 * judge's verdict. A track the source has no samples for compares as no samples (the metric is
 * NoData, never a pass); a failed or throwing query is an Error verdict for the whole judge. A
 * track with more samples than the judge compares keeps its latest ones.
 */
final class DistributionLook {

    private static final Logger LOG = LoggerFactory.getLogger(DistributionLook.class);

    private DistributionLook() {
    }

    /** The verdict of {@code check}'s look, canary against {@code control}, with the template {@code variables}. */
    static Verdict verdict(MetricSource source, MannWhitneyCheck check, Track control, Map<String, String> variables) {
        Map<String, String> withStep = new HashMap<>(variables);
        withStep.put("interval", check.step().toSeconds() + "s");
        List<MetricComparison> comparisons = new ArrayList<>();
        for (DistributionMetric metric : check.judge().metrics()) {
            SampleResult canary = fetch(source, new SampleQuery(check.name(), metric.name(), metric.query(), Track.CANARY,
                    check.lookback(), check.step(), withStep));
            SampleResult controlSamples = fetch(source, new SampleQuery(check.name(), metric.name(), metric.query(), control,
                    check.lookback(), check.step(), withStep));
            for (SampleResult result : List.of(canary, controlSamples)) {
                if (result instanceof SampleResult.Failed failed) {
                    String track = result == canary ? Track.CANARY.toString() : control.toString();
                    LOG.warn("Judge {}: samples of {} for the {} track failed: {}", check.name(), metric.name(), track,
                            failed.reason());
                    return Verdict.error(check.name(), "samples of " + metric.name() + " for the " + track + " track: "
                            + failed.reason());
                }
            }
            comparisons.add(check.judge().compare(metric, latest(canary), latest(controlSamples)));
        }
        return check.verdict(check.judge().decide(comparisons));
    }

    private static SampleResult fetch(MetricSource source, SampleQuery query) {
        try {
            return source.samples(query);
        } catch (RuntimeException e) {
            // as for a metric check: a source that throws fails the look, an Error propagates for the engine to retry
            return new SampleResult.Failed("metric source threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The samples answered (none for NoData), the latest {@link MannWhitneyJudge#MAX_SAMPLES} of them. */
    private static double[] latest(SampleResult result) {
        if (!(result instanceof SampleResult.Samples samples)) {
            return new double[0];
        }
        double[] all = samples.toArray();
        return all.length <= MannWhitneyJudge.MAX_SAMPLES ? all
                : Arrays.copyOfRange(all, all.length - MannWhitneyJudge.MAX_SAMPLES, all.length);
    }
}
