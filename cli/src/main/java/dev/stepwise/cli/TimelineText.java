package dev.stepwise.cli;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.time.Durations;
import dev.stepwise.timeline.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A {@link Timeline} as a table for people: one line per step with the virtual time, the phase,
 * the weights in force after the step, the verdicts, and the decision with its reason; then a
 * result line. Columns are as wide as their widest cell.
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
        int timeWidth = timeline.entries().stream().mapToInt(e -> Durations.format(e.time()).length() + 1).max().orElse(0);
        List<String[]> rows = new ArrayList<>();
        for (Timeline.Entry entry : timeline.entries()) {
            String time = "+" + Durations.format(entry.time());
            rows.add(new String[] {"[" + " ".repeat(timeWidth - time.length()) + time + "]", entry.phase().label(),
                    weights(entry), verdictsPlain(entry)});
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
            String verdicts = pad(verdictsStyled(entry, style), row[3].length(), widths[3]);
            out.append(pad(row[0], row[0].length(), widths[0])).append(' ')
                    .append(pad(row[1], row[1].length(), widths[1])).append(' ')
                    .append(pad(row[2], row[2].length(), widths[2])).append(' ')
                    .append(verdicts).append(" -> ")
                    .append(style.decision(entry.decision(), entry.decision().label()))
                    .append(reason(entry).isEmpty() ? "" : ": " + reason(entry)).append('\n');
        }
        return out.append(resultLine(timeline, style)).append('\n').toString();
    }

    /** E.g. {@code Result: RolledBack after 6 steps (5m virtual)}. */
    static String resultLine(Timeline timeline, Style style) {
        int steps = timeline.entries().size();
        return "Result: " + style.result(timeline.result(), timeline.result().label()) + " after " + steps
                + (steps == 1 ? " step" : " steps") + " (" + Durations.format(timeline.elapsed()) + " virtual)";
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

    private static String verdictsPlain(Timeline.Entry entry) {
        return entry.verdicts().stream().map(v -> verdict(v, Style.PLAIN)).collect(Collectors.joining(", "));
    }

    private static String verdictsStyled(Timeline.Entry entry, Style style) {
        return entry.verdicts().stream().map(v -> verdict(v, style)).collect(Collectors.joining(", "));
    }

    /** E.g. {@code success-rate 99.84% Pass}, {@code p99 218ms Pass}, {@code load-test Pass}. */
    static String verdict(Verdict v, Style style) {
        boolean successRate = MetricCheck.REQUEST_SUCCESS_RATE.equals(v.metric());
        boolean duration = MetricCheck.REQUEST_DURATION.equals(v.metric());
        String name = successRate ? "success-rate" : duration ? "p99" : v.metric();
        String value = !v.hasObservedValue() ? ""
                : successRate ? String.format(Locale.ROOT, " %.2f%%", v.observed())
                : duration ? String.format(Locale.ROOT, " %.0fms", v.observed())
                : " " + number(v.observed());
        return name + value + " " + style.status(v.status(), v.status().label());
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
}
