package dev.stepwise.cli;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.time.Durations;
import dev.stepwise.timeline.JudgeReading;
import dev.stepwise.timeline.Timeline;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A {@link Timeline} as a table for people: one line per step with the virtual time, the phase,
 * the weights in force after the step, the verdicts, and the decision with its reason; then a
 * result line. Columns are as wide as their widest cell. Given what stable measured at each step,
 * a verdict shows stable's value beside the canary's: {@code success-rate 95.19% (stable 99.90%) Fail}.
 * Under a step where statistical judges looked, a line per judge with its statistic, both bounds
 * and its answer ({@link #judge}).
 */
final class TimelineText {

    /**
     * A failed or empty analysis's reason repeats every verdict, which the verdicts column already
     * shows: keep its head and the count. A reason worded otherwise is shown whole.
     */
    private static final Pattern VERBOSE_REASON = Pattern.compile(
            "^(analysis failed|no data for \\d+ intervals in a row|no data \\(\\d+ of \\d+ intervals held\\)): .*?"
                    + "( \\(failed \\d+ of threshold \\d+\\))?$");

    private TimelineText() {
    }

    /** The table, a line per step, then {@code Result: ...}; lines end with {@code \n}. */
    static String render(Timeline timeline, Style style) {
        return render(timeline, Collections.nCopies(timeline.entries().size(), Map.of()), style);
    }

    /**
     * The table, each verdict with stable's value of its metric beside the canary's where
     * {@code stableValues} has one.
     *
     * @param stableValues one map per timeline entry, in order: stable's value of each metric by
     *                     name ({@link dev.stepwise.testkit.Step#stableValues()})
     */
    static String render(Timeline timeline, List<Map<String, Double>> stableValues, Style style) {
        if (stableValues.size() != timeline.entries().size()) {
            throw new IllegalArgumentException("stableValues has " + stableValues.size() + " entries, the timeline "
                    + timeline.entries().size());
        }
        int timeWidth = timeline.entries().stream().mapToInt(e -> shown(e.time()).length() + 1).max().orElse(0);
        List<String[]> rows = new ArrayList<>();
        for (int r = 0; r < timeline.entries().size(); r++) {
            Timeline.Entry entry = timeline.entries().get(r);
            String time = "+" + shown(entry.time());
            rows.add(new String[] {"[" + " ".repeat(timeWidth - time.length()) + time + "]", entry.phase().label(),
                    weights(entry), verdicts(entry, stableValues.get(r), Style.PLAIN)});
        }
        int[] widths = {" time".length(), "phase".length(), "weights after".length(), "verdicts".length()};
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(cells(widths, " time", "phase", "weights after", "verdicts")).append("    decision: why\n");
        for (int r = 0; r < rows.size(); r++) {
            Timeline.Entry entry = timeline.entries().get(r);
            String[] row = rows.get(r);
            String verdicts = pad(verdicts(entry, stableValues.get(r), style), row[3].length(), widths[3]);
            out.append(pad(row[0], row[0].length(), widths[0])).append(' ')
                    .append(pad(row[1], row[1].length(), widths[1])).append(' ')
                    .append(pad(row[2], row[2].length(), widths[2])).append(' ')
                    .append(verdicts).append(" -> ")
                    .append(style.decision(entry.decision(), entry.decision().label()))
                    .append(reason(entry).isEmpty() ? "" : ": " + reason(entry)).append('\n');
            for (JudgeReading judge : entry.judges()) {
                out.append(" ".repeat(widths[0] + 1)).append(judge(judge)).append('\n');
            }
        }
        return out.append(resultLine(timeline, style)).append('\n').toString();
    }

    /**
     * A judge's reading at a step, e.g.
     * {@code judge sequential-errors: LLR 1.23 (rollback at ≥ 5.30, healthy at ≤ -3.00): keep collecting}.
     */
    static String judge(JudgeReading judge) {
        return String.format(Locale.ROOT, "judge %s: LLR %.2f (rollback at ≥ %.2f, healthy at ≤ %.2f): %s", judge.name(),
                judge.statistic(), judge.harmfulBound(), judge.harmlessBound(), judge.answer());
    }

    /** E.g. {@code Result: RolledBack after 6 steps (5m virtual)}. */
    static String resultLine(Timeline timeline, Style style) {
        int steps = timeline.entries().size();
        return "Result: " + style.result(timeline.result(), timeline.result().label()) + " after " + steps
                + (steps == 1 ? " step" : " steps") + " (" + shown(timeline.elapsed()) + " virtual)";
    }

    /** {@code stable 90% / canary 10%}, with the baseline when above 0 and the mirror when on. */
    static String weights(Timeline.Entry entry) {
        StringBuilder sb = new StringBuilder("stable ").append(entry.stable()).append("% / canary ")
                .append(entry.canary()).append('%');
        if (entry.baseline() > 0) {
            sb.append(" / baseline ").append(entry.baseline()).append('%');
        }
        if (entry.mirror() > 0) {
            sb.append(", mirror ").append(entry.mirror()).append('%');
        }
        return sb.toString();
    }

    static String reason(Timeline.Entry entry) {
        if (entry.verdict() == AnalysisOutcome.NONE) {
            return entry.reason();
        }
        Matcher m = VERBOSE_REASON.matcher(entry.reason());
        if (!m.matches()) {
            return entry.reason();
        }
        return m.group(1) + (m.group(2) == null ? "" : m.group(2));
    }

    private static String verdicts(Timeline.Entry entry, Map<String, Double> stableValues, Style style) {
        return entry.verdicts().stream()
                .map(v -> verdict(v, Optional.ofNullable(stableValues.get(v.metric())), style))
                .collect(Collectors.joining(", "));
    }

    /** E.g. {@code success-rate 99.84% Pass}, {@code p99 218ms Pass}, {@code load-test Pass}. */
    static String verdict(Verdict v, Style style) {
        return verdict(v, Optional.empty(), style);
    }

    /**
     * The verdict with stable's value of the metric beside the canary's, when there is one and the
     * canary's was observed: {@code success-rate 95.19% (stable 99.90%) Fail}.
     */
    static String verdict(Verdict v, Optional<Double> stable, Style style) {
        String value = !v.hasObservedValue() ? "" : " " + value(v.metric(), v.observed())
                + (stable.isPresent() ? " (stable " + value(v.metric(), stable.get()) + ")" : "");
        return name(v.metric()) + value + " " + style.status(v.status(), v.status().label());
    }

    private static String name(String metric) {
        return MetricCheck.REQUEST_SUCCESS_RATE.equals(metric) ? "success-rate"
                : MetricCheck.REQUEST_DURATION.equals(metric) ? "p99" : metric;
    }

    /** {@code 99.84%} for the success rate, {@code 218ms} for the p99 latency, else the number. */
    private static String value(String metric, double value) {
        return MetricCheck.REQUEST_SUCCESS_RATE.equals(metric) ? String.format(Locale.ROOT, "%.2f%%", value)
                : MetricCheck.REQUEST_DURATION.equals(metric) ? String.format(Locale.ROOT, "%.0fms", value)
                : number(value);
    }

    /** Whole numbers without decimals, others with up to three. */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String text = String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    private static String cells(int[] widths, String... cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            sb.append(i == 0 ? "" : " ").append(pad(cells[i], cells[i].length(), widths[i]));
        }
        return sb.toString();
    }

    /** Pads by the visible length, which colour codes do not add to. */
    private static String pad(String text, int visible, int width) {
        return text + " ".repeat(Math.max(0, width - visible));
    }

    /**
     * A time as the timeline shows it: to the millisecond. Plans on virtual time land on whole
     * seconds; a run on the wall clock does not, and nanoseconds would only be noise.
     */
    private static String shown(java.time.Duration time) {
        return Durations.format(time.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }
}
