/**
 * Statistical judges: decisions about a canary drawn from its counts against a control track
 * (the baseline, or stable when there is none), with error probabilities that hold at every look.
 * {@link dev.stepwise.analysis.judge.SequentialJudge} is a sequential probability ratio test on
 * bad-request counts (failed requests, or requests slower than a latency threshold), valid
 * however often it is evaluated and however the traffic split changes between looks.
 * {@link dev.stepwise.analysis.judge.MannWhitneyJudge} is a Kayenta-style judge of distributions:
 * per metric, the Hodges-Lehmann interval of the canary's shift from the control's samples
 * against a tolerated band, and a weighted score. Pure: no clock, no I/O, no randomness.
 */
@NullMarked
package dev.stepwise.analysis.judge;

import org.jspecify.annotations.NullMarked;
