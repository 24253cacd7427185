package dev.stepwise.timeline;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.Phase;
import dev.stepwise.strategy.StrategyKind;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a rollout did, step by step: the record that {@link TimelineJson} writes for scripts and
 * {@link TimelineSvg} draws for people. Immutable.
 *
 * @param rollout  the rollout's name, e.g. the spec's {@code metadata.name}
 * @param strategy the family of the strategy that ran
 * @param result   the phase the rollout ended in: terminal, or Paused where a plan stops at a pause
 *                 only an operator's command ends
 * @param entries  one per step, in order; never empty
 */
public record Timeline(String rollout, StrategyKind strategy, Phase result, List<Entry> entries) {

    public Timeline {
        if (rollout == null || rollout.isBlank()) {
            throw new InvalidValueException("rollout", rollout == null ? "null" : "\"" + rollout + "\"", "must be a non-empty name");
        }
        InvalidValueException.requireNonNull("strategy", strategy);
        InvalidValueException.requireNonNull("result", result);
        entries = List.copyOf(InvalidValueException.requireNonNull("entries", entries));
        if (entries.isEmpty()) {
            throw new InvalidValueException("entries", "[]", "must hold at least one entry");
        }
    }

    /** Virtual time from the first entry to the last. */
    public Duration elapsed() {
        return entries.get(entries.size() - 1).time();
    }

    /** The canary weight after each step. */
    public List<Integer> canaryWeights() {
        return entries.stream().map(Entry::canary).collect(Collectors.toUnmodifiableList());
    }

    /** Whether any step holds a judge's reading. */
    public boolean judged() {
        return entries.stream().anyMatch(e -> !e.judges().isEmpty());
    }

    /**
     * The step that ended the canary's run early or made it stable: the first rollback or abort,
     * else the first promotion; empty when there was neither.
     */
    public Optional<Entry> turningPoint() {
        Optional<Entry> end = entries.stream()
                .filter(e -> e.decision() == Decision.ROLL_BACK || e.decision() == Decision.ABORT).findFirst();
        return end.isPresent() ? end : entries.stream().filter(e -> e.decision() == Decision.PROMOTE).findFirst();
    }

    /**
     * One step of the rollout.
     *
     * @param time     virtual time since the first step ({@code PT0S} for the first)
     * @param phase    the phase after the step
     * @param stable   stable weight in force after the step, 0..100
     * @param canary   canary weight in force after the step, 0..100
     * @param baseline baseline weight in force after the step, 0..100 (0 without a baseline)
     * @param mirror   percent of stable traffic mirrored to the canary after the step, 0..100
     * @param verdict  how the strategy judged this step's analysis ({@link AnalysisOutcome#NONE} when none ran)
     * @param verdicts the verdicts judged, each with its metric name and observed value (NaN when none)
     * @param decision what the strategy decided
     * @param reason   why, in the strategy's words; empty when it gave none
     * @param judges   what each statistical judge read at this step, in verdict order: its statistic,
     *                 bounds and answer; empty when no judge looked (none declared, or no counts)
     */
    public record Entry(Duration time, Phase phase, int stable, int canary, int baseline, int mirror,
                        AnalysisOutcome verdict, List<Verdict> verdicts, Decision decision, String reason,
                        List<JudgeReading> judges) {

        public Entry {
            InvalidValueException.requireNonNull("time", time);
            if (time.isNegative()) {
                throw new InvalidValueException("time", time, "must not be negative");
            }
            InvalidValueException.requireNonNull("phase", phase);
            InvalidValueException.requireBetween("stable", stable, 0, 100);
            InvalidValueException.requireBetween("canary", canary, 0, 100);
            InvalidValueException.requireBetween("baseline", baseline, 0, 100);
            InvalidValueException.requireBetween("mirror", mirror, 0, 100);
            InvalidValueException.requireNonNull("verdict", verdict);
            verdicts = List.copyOf(InvalidValueException.requireNonNull("verdicts", verdicts));
            InvalidValueException.requireNonNull("decision", decision);
            reason = reason == null ? "" : reason;
            judges = List.copyOf(InvalidValueException.requireNonNull("judges", judges));
        }

        /** A step without judge readings. */
        public Entry(Duration time, Phase phase, int stable, int canary, int baseline, int mirror,
                     AnalysisOutcome verdict, List<Verdict> verdicts, Decision decision, String reason) {
            this(time, phase, stable, canary, baseline, mirror, verdict, verdicts, decision, reason, List.of());
        }

        /** This step with {@code readings} as its judges' readings. */
        public Entry withJudges(List<JudgeReading> readings) {
            return new Entry(time, phase, stable, canary, baseline, mirror, verdict, verdicts, decision, reason, readings);
        }

        /** The verdict on {@code metric} at this step, if it was judged. */
        public Optional<Verdict> verdictOf(String metric) {
            return verdicts.stream().filter(v -> v.metric().equals(metric)).findFirst();
        }
    }
}
