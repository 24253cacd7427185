/**
 * How a rollout is judged: {@link dev.stepwise.analysis.MetricCheck metric checks} with
 * {@link dev.stepwise.analysis.ThresholdRange threshold ranges} yield
 * {@link dev.stepwise.analysis.Verdict verdicts}; an {@link dev.stepwise.analysis.AnalysisPolicy}
 * says how often, how many failures roll back, and what missing data means (never a pass).
 */
@NullMarked
package dev.stepwise.analysis;

import org.jspecify.annotations.NullMarked;
