package dev.stepwise.analysis.judge;

import dev.stepwise.validation.InvalidValueException;
import java.util.Locale;
import java.util.Optional;

/**
 * One metric's result in a {@link MannWhitneyJudge}'s decision.
 *
 * @param metric         the metric compared
 * @param classification where the shift's interval lies against the tolerated band
 * @param harmful        whether the classification is harm in the metric's direction
 * @param canary         the canary's samples as compared
 * @param control        the control's samples as compared
 * @param allowed        the tolerated shift either way ({@code NaN} without data)
 * @param shift          the Hodges-Lehmann shift and interval; empty without data
 * @param test           the Mann-Whitney test; empty without data
 */
public record MetricComparison(DistributionMetric metric, MetricClassification classification, boolean harmful,
                               CleanSamples canary, CleanSamples control, double allowed,
                               Optional<HodgesLehmann> shift, Optional<MannWhitneyTest> test) {

    public MetricComparison {
        InvalidValueException.requireNonNull("metric", metric);
        InvalidValueException.requireNonNull("classification", classification);
        InvalidValueException.requireNonNull("canary", canary);
        InvalidValueException.requireNonNull("control", control);
        shift = shift == null ? Optional.empty() : shift;
        test = test == null ? Optional.empty() : test;
    }

    /** Whether the metric counts towards the score: compared, and not harmful (a change the harmless way passes). */
    public boolean passing() {
        return classification != MetricClassification.NO_DATA && !harmful;
    }

    @Override
    public String toString() {
        String head = metric.name() + " " + classification + (harmful ? " (harmful)" : "");
        if (shift.isEmpty() || test.isEmpty()) {
            return head + ": canary " + canary + ", control " + control;
        }
        return head + String.format(Locale.ROOT, ": %s, tolerated ±%.4g; %s; canary %s, control %s",
                shift.get(), allowed, test.get(), canary, control);
    }
}
