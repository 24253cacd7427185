package dev.stepwise.analysis.judge;

import dev.stepwise.analysis.judge.DistributionDecision.Outcome;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problems;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A Kayenta-style judge of distributions: each metric's samples of the canary against the
 * control's (the baseline, or stable), classified by the Hodges-Lehmann confidence interval of
 * the shift against a tolerated band, and a weighted score over the metrics.
 *
 * <p><b>Per metric</b> ({@link #compare}): NaN and infinite samples are dropped and counted,
 * outliers too when {@link #outliers()} is on. With fewer than {@link #minSamples()} samples on
 * either track the metric is {@link MetricClassification#NO_DATA}, never a pass. Otherwise
 * {@link MetricClassification#HIGH} when the whole interval of the shift (canary minus control)
 * lies above {@code +allowed}, {@link MetricClassification#LOW} when it lies below
 * {@code −allowed}, else {@link MetricClassification#PASS}; {@code allowed} comes from the
 * metric's {@link Tolerance}. A HIGH or LOW the metric's {@link HarmDirection} calls harmless passes.
 * The Mann-Whitney p-value is reported, not used: the interval is the test inverted, and adds
 * the tolerance.
 *
 * <p><b>Score</b> ({@link #decide}): the weights of passing metrics over the weights of all
 * metrics, × 100 (a metric without data weighs, and does not pass). A harmed critical metric is
 * a {@link Outcome#FAIL} whatever the score; a critical metric without data, or no metric with
 * data, is {@link Outcome#NO_DATA}. Otherwise at least {@link #passScore()} is a
 * {@link Outcome#PASS}, at least {@link #marginalScore()} {@link Outcome#MARGINAL}, below it
 * {@link Outcome#FAIL}.
 *
 * <p>Not sequential: each decision looks at one window of samples. Looking again and again at
 * overlapping windows raises the chance that a good canary is once classified HIGH; the
 * tolerance band, which a good canary's interval must lie wholly outside of, is what keeps
 * that rare. Samples of a time series are taken as independent, which they are not quite
 * (neighbouring points of a {@code rate()} overlap): keep the step at least the scrape interval.
 *
 * @param confidence    the interval's confidence, 0.5..0.9999; default {@value #DEFAULT_CONFIDENCE} (Kayenta's)
 * @param minSamples    samples each track needs, 3..{@value #MAX_SAMPLES}; default {@value #DEFAULT_MIN_SAMPLES}
 * @param passScore     the score at or above which the judge passes, 0..100; default {@value #DEFAULT_PASS_SCORE}
 * @param marginalScore the score at or above which a score below {@code passScore} is marginal,
 *                      0..{@code passScore}; default {@value #DEFAULT_MARGINAL_SCORE}
 * @param outliers      outlier handling; default {@link OutlierFilter#NONE}
 * @param metrics       the metrics compared, at least one, names unique
 */
public record MannWhitneyJudge(double confidence, int minSamples, double passScore, double marginalScore,
                               OutlierFilter outliers, List<DistributionMetric> metrics) {

    public static final double DEFAULT_CONFIDENCE = 0.98;
    public static final int DEFAULT_MIN_SAMPLES = 10;
    /** The most samples per track compared (the m·n pairwise differences are sorted). */
    public static final int MAX_SAMPLES = 2000;
    public static final double DEFAULT_PASS_SCORE = 95.0;
    public static final double DEFAULT_MARGINAL_SCORE = 75.0;

    public MannWhitneyJudge {
        Problems problems = new Problems();
        if (!(confidence >= 0.5 && confidence <= 0.9999)) {
            problems.add("confidence", confidence + " must be between 0.5 and 0.9999");
        }
        problems.checkBetween("minSamples", minSamples, 3, MAX_SAMPLES);
        if (!(passScore >= 0.0 && passScore <= 100.0)) {
            problems.add("passScore", passScore + " must be between 0 and 100");
        }
        if (!(marginalScore >= 0.0 && marginalScore <= passScore)) {
            problems.add("marginalScore", marginalScore + " must be between 0 and passScore (" + passScore + ")");
        }
        if (outliers == null) {
            problems.add("outliers", "is required");
        }
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        if (metrics.isEmpty()) {
            problems.add("metrics", "must list at least one metric");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < metrics.size(); i++) {
            if (!names.add(metrics.get(i).name())) {
                problems.add("metrics[" + i + "].name", "\"" + metrics.get(i).name() + "\" is used by an earlier entry; names must be unique");
            }
        }
        problems.throwIfAny("judge");
    }

    /** The judge on {@code metrics} with every default. */
    public static MannWhitneyJudge of(List<DistributionMetric> metrics) {
        return new MannWhitneyJudge(DEFAULT_CONFIDENCE, DEFAULT_MIN_SAMPLES, DEFAULT_PASS_SCORE, DEFAULT_MARGINAL_SCORE,
                OutlierFilter.NONE, metrics);
    }

    /** {@code metric}'s canary samples against the control's. */
    public MetricComparison compare(DistributionMetric metric, double[] canarySamples, double[] controlSamples) {
        InvalidValueException.requireNonNull("metric", metric);
        CleanSamples canary = CleanSamples.of(canarySamples, outliers);
        CleanSamples control = CleanSamples.of(controlSamples, outliers);
        if (canary.size() < minSamples || control.size() < minSamples) {
            return new MetricComparison(metric, MetricClassification.NO_DATA, false, canary, control, Double.NaN,
                    Optional.empty(), Optional.empty());
        }
        if (canary.size() > MAX_SAMPLES || control.size() > MAX_SAMPLES) {
            throw new InvalidValueException("samples", Math.max(canary.size(), control.size()),
                    "must be at most " + MAX_SAMPLES + " per track (raise step or shorten lookback)");
        }
        HodgesLehmann shift = HodgesLehmann.of(canary.values(), control.values(), confidence);
        MannWhitneyTest test = MannWhitneyTest.of(canary.values(), control.values());
        double allowed = metric.tolerance().allowed(control.median());
        MetricClassification classification = shift.lower() > allowed ? MetricClassification.HIGH
                : shift.upper() < -allowed ? MetricClassification.LOW : MetricClassification.PASS;
        return new MetricComparison(metric, classification, metric.direction().harms(classification), canary, control,
                allowed, Optional.of(shift), Optional.of(test));
    }

    /** The decision over {@code comparisons}, one per metric of this judge. */
    public DistributionDecision decide(List<MetricComparison> comparisons) {
        double total = 0.0;
        double passing = 0.0;
        List<String> harmedCritical = new ArrayList<>();
        List<String> blindCritical = new ArrayList<>();
        List<String> notPassing = new ArrayList<>();
        boolean anyData = false;
        for (MetricComparison c : comparisons) {
            total += c.metric().weight();
            boolean noData = c.classification() == MetricClassification.NO_DATA;
            anyData |= !noData;
            if (c.passing()) {
                passing += c.metric().weight();
            } else {
                notPassing.add(c.metric().name() + " " + c.classification());
            }
            if (c.metric().critical() && c.harmful()) {
                harmedCritical.add(c.metric().name() + " " + c.classification());
            }
            if (c.metric().critical() && noData) {
                blindCritical.add(c.metric().name());
            }
        }
        double score = total == 0.0 ? Double.NaN : 100.0 * passing / total;
        String detail = notPassing.isEmpty() ? "every metric passes" : "not passing: " + String.join(", ", notPassing);
        if (!harmedCritical.isEmpty()) {
            return new DistributionDecision(Outcome.FAIL, score, true, comparisons,
                    "critical metric harmed (" + String.join(", ", harmedCritical) + "), whatever the score; " + detail);
        }
        if (!anyData || !blindCritical.isEmpty()) {
            return new DistributionDecision(Outcome.NO_DATA, score, false, comparisons, (anyData
                    ? "no data for critical metric " + String.join(", ", blindCritical)
                    : "no metric has " + minSamples + " samples on both tracks") + ": never evidence of health");
        }
        String bounds = String.format(Locale.ROOT, " (pass at %.4g, marginal at %.4g); %s", passScore, marginalScore, detail);
        Outcome outcome = score >= passScore ? Outcome.PASS : score >= marginalScore ? Outcome.MARGINAL : Outcome.FAIL;
        return new DistributionDecision(outcome, score, false, comparisons,
                String.format(Locale.ROOT, "score %.1f", score) + bounds);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "mann-whitney at %.4g confidence, min %d samples, pass %.4g, marginal %.4g, %s, metrics %s",
                confidence, minSamples, passScore, marginalScore, outliers, metrics);
    }
}
