package dev.stepwise.timeline;

import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Decision;
import dev.stepwise.time.Durations;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Draws a {@link Timeline} as a self-contained SVG chart: no fonts, scripts, styles or images
 * from elsewhere, only the generic {@code sans-serif} family.
 *
 * <p>From top to bottom: a title (rollout, strategy, result); a panel with the canary weight
 * over virtual time as a step line on a 0..100 axis (class {@code weight}), plus the mirror
 * percent as a dashed step line (class {@code mirror}) when anything was mirrored; when a
 * statistical judge looked at any step ({@link Timeline#judged()}), a panel of the judges'
 * statistics, each bound a labelled dashed line (class {@code panel judges}); then one panel
 * per metric check with its observed values as points joined by a line, points whose verdict
 * failed in red (class {@code point fail}), and each bound of its threshold range as a dashed
 * line (class {@code threshold min} / {@code threshold max}). A labelled vertical line across
 * every panel marks the {@link Timeline#turningPoint() turning point}: the rollback (class
 * {@code marker rollback}), abort ({@code marker abort}) or promotion ({@code marker promotion}).
 *
 * <p>The same timeline and checks always give the same text: numbers are written with one
 * decimal in the root locale, and nothing depends on the clock or the platform.
 */
public final class TimelineSvg {

    static final int WIDTH = 860;
    static final int LEFT = 80;
    static final int RIGHT = 110;
    private static final int WEIGHT_TOP = 80;
    private static final int WEIGHT_HEIGHT = 150;
    private static final int METRIC_GAP = 42;
    private static final int METRIC_HEIGHT = 110;
    private static final int BOTTOM = 62;
    private static final long[] TIME_STEPS_SECONDS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600,
            7200, 10800, 21600, 43200, 86400};
    private static final int MAX_TIME_TICKS = 8;

    static final String WEIGHT_COLOUR = "#1f77b4";
    static final String MIRROR_COLOUR = "#9467bd";
    static final String PASS_COLOUR = "#2ca02c";
    static final String FAIL_COLOUR = "#d62728";
    static final String THRESHOLD_COLOUR = "#ff7f0e";
    static final String OTHER_COLOUR = "#555555";

    private TimelineSvg() {
    }

    /**
     * The chart of {@code timeline}, with one metric panel per check in {@code checks}, in order
     * (usually the strategy's {@code analysis().metrics()}); a check never judged gets an empty
     * panel saying so.
     */
    public static String render(Timeline timeline, List<MetricCheck> checks) {
        InvalidValueException.requireNonNull("timeline", timeline);
        List<MetricCheck> panels = List.copyOf(InvalidValueException.requireNonNull("checks", checks));
        int plotRight = WIDTH - RIGHT;
        int judges = timeline.judged() ? METRIC_GAP + JudgePanel.HEIGHT : 0;
        int lastBottom = WEIGHT_TOP + WEIGHT_HEIGHT + judges + panels.size() * (METRIC_GAP + METRIC_HEIGHT);
        int height = lastBottom + BOTTOM;
        double seconds = Math.max(1, seconds(timeline.elapsed()));
        LinearScale time = new LinearScale(0, seconds, LEFT, plotRight);

        SvgWriter svg = new SvgWriter();
        svg.open("svg", "xmlns", "http://www.w3.org/2000/svg", "width", WIDTH, "height", height,
                "viewBox", "0 0 " + WIDTH + " " + height, "font-family", "sans-serif", "font-size", 12);
        String title = timeline.rollout() + " (" + timeline.strategy().label() + "): " + timeline.result().label();
        svg.text("title", title);
        svg.empty("rect", "x", 0, "y", 0, "width", WIDTH, "height", height, "fill", "#ffffff");
        svg.text("text", title, "class", "title", "x", LEFT, "y", 30, "font-size", 18, "font-weight", "bold");
        svg.text("text", subtitle(timeline), "class", "subtitle", "x", LEFT, "y", 52, "fill", OTHER_COLOUR);

        List<Long> ticks = timeTicks(seconds);
        weightPanel(svg, timeline, time, ticks);
        int top = WEIGHT_TOP + WEIGHT_HEIGHT;
        if (timeline.judged()) {
            JudgePanel.draw(svg, timeline, time, ticks, top + METRIC_GAP);
            top += judges;
        }
        for (MetricCheck check : panels) {
            top += METRIC_GAP;
            metricPanel(svg, timeline, check, time, ticks, top);
            top += METRIC_HEIGHT;
        }
        timeAxis(svg, time, ticks, lastBottom);
        marker(svg, timeline, time, lastBottom);
        svg.close("svg");
        return svg.toString();
    }

    private static String subtitle(Timeline timeline) {
        int steps = timeline.entries().size();
        return steps + (steps == 1 ? " step" : " steps") + " over " + Durations.format(timeline.elapsed())
                + " of virtual time";
    }

    private static void weightPanel(SvgWriter svg, Timeline timeline, LinearScale time, List<Long> ticks) {
        LinearScale weight = new LinearScale(0, 100, WEIGHT_TOP + WEIGHT_HEIGHT, WEIGHT_TOP);
        svg.open("g", "class", "panel weights");
        frame(svg, "canary weight (% of traffic)", WEIGHT_TOP, WEIGHT_HEIGHT, time, ticks);
        for (double tick : List.of(0.0, 25.0, 50.0, 75.0, 100.0)) {
            yTick(svg, weight.pixel(tick), label(tick));
        }
        svg.text("text", "weight %", "class", "axis-label", "x", 0, "y", 0, "text-anchor", "middle",
                "transform", "translate(" + (LEFT - 48) + " " + (WEIGHT_TOP + WEIGHT_HEIGHT / 2) + ") rotate(-90)");
        svg.empty("path", "class", "weight", "d", stepPath(timeline, time, weight, false), "fill", "none",
                "stroke", WEIGHT_COLOUR, "stroke-width", 2.5);
        if (timeline.entries().stream().anyMatch(e -> e.mirror() > 0)) {
            svg.empty("path", "class", "mirror", "d", stepPath(timeline, time, weight, true), "fill", "none",
                    "stroke", MIRROR_COLOUR, "stroke-width", 1.5, "stroke-dasharray", "2 3");
            svg.text("text", "mirror %", "class", "legend", "x", WIDTH - RIGHT + 8, "y", WEIGHT_TOP + 30,
                    "fill", MIRROR_COLOUR);
        }
        svg.text("text", "canary %", "class", "legend", "x", WIDTH - RIGHT + 8, "y", WEIGHT_TOP + 14, "fill", WEIGHT_COLOUR);
        svg.close("g");
    }

    /** The weight (or mirror percent) after each step, held until the next step. */
    private static String stepPath(Timeline timeline, LinearScale time, LinearScale weight, boolean mirror) {
        StringBuilder d = new StringBuilder();
        for (Timeline.Entry entry : timeline.entries()) {
            String x = SvgWriter.number(time.pixel(seconds(entry.time())));
            String y = SvgWriter.number(weight.pixel(mirror ? entry.mirror() : entry.canary()));
            d.append(d.length() == 0 ? "M" + x + " " + y : " H" + x + " V" + y);
        }
        return d.append(" H").append(SvgWriter.number(time.highPixel())).toString();
    }

    private static void metricPanel(SvgWriter svg, Timeline timeline, MetricCheck check, LinearScale time,
                                    List<Long> ticks, int top) {
        List<Double> seconds = new ArrayList<>();
        List<Verdict> verdicts = new ArrayList<>();
        for (Timeline.Entry entry : timeline.entries()) {
            Optional<Verdict> verdict = entry.verdictOf(check.name());
            if (verdict.isPresent() && verdict.get().hasObservedValue() && Double.isFinite(verdict.get().observed())) {
                seconds.add(seconds(entry.time()));
                verdicts.add(verdict.get());
            }
        }
        ThresholdRange range = check.thresholdRange();
        List<Double> values = new ArrayList<>();
        verdicts.forEach(v -> values.add(v.observed()));
        Optional.ofNullable(range.min()).ifPresent(values::add);
        Optional.ofNullable(range.max()).ifPresent(values::add);
        LinearScale scale = LinearScale.padded(values, top + METRIC_HEIGHT, top);

        svg.open("g", "class", "panel metric", "data-metric", check.name());
        frame(svg, check.name() + unit(check), top, METRIC_HEIGHT, time, ticks);
        for (double tick : scale.ticks(4)) {
            yTick(svg, scale.pixel(tick), label(tick));
        }
        threshold(svg, "min", range.min(), scale);
        threshold(svg, "max", range.max(), scale);
        if (verdicts.isEmpty()) {
            svg.text("text", "no observed values", "class", "no-data", "x", (LEFT + WIDTH - RIGHT) / 2,
                    "y", top + METRIC_HEIGHT / 2, "text-anchor", "middle", "fill", OTHER_COLOUR);
        } else {
            StringBuilder d = new StringBuilder();
            for (int i = 0; i < verdicts.size(); i++) {
                d.append(i == 0 ? "M" : " L").append(SvgWriter.number(time.pixel(seconds.get(i)))).append(' ')
                        .append(SvgWriter.number(scale.pixel(verdicts.get(i).observed())));
            }
            svg.empty("path", "class", "series", "d", d.toString(), "fill", "none", "stroke", OTHER_COLOUR,
                    "stroke-width", 1);
            for (int i = 0; i < verdicts.size(); i++) {
                boolean failed = verdicts.get(i).status() == Verdict.Status.FAIL;
                svg.empty("circle", "class", failed ? "point fail" : "point pass",
                        "cx", time.pixel(seconds.get(i)), "cy", scale.pixel(verdicts.get(i).observed()),
                        "r", failed ? 4.5 : 3.5, "fill", failed ? FAIL_COLOUR : PASS_COLOUR);
            }
        }
        svg.close("g");
    }

    private static String unit(MetricCheck check) {
        if (!check.query().isEmpty()) {
            return "";
        }
        if (MetricCheck.REQUEST_SUCCESS_RATE.equals(check.name())) {
            return " (% of requests without a 5xx)";
        }
        return MetricCheck.REQUEST_DURATION.equals(check.name()) ? " (p99 latency, ms)" : "";
    }

    private static void threshold(SvgWriter svg, String bound, @Nullable Double value, LinearScale scale) {
        if (value == null) {
            return;
        }
        double y = scale.pixel(value);
        svg.empty("line", "class", "threshold " + bound, "x1", LEFT, "y1", y, "x2", WIDTH - RIGHT, "y2", y,
                "stroke", THRESHOLD_COLOUR, "stroke-width", 1.5, "stroke-dasharray", "6 4");
        svg.text("text", bound + " " + label(value), "class", "threshold-label", "x", WIDTH - RIGHT + 8, "y", y + 4,
                "fill", THRESHOLD_COLOUR);
    }

    /** A panel's frame, title and vertical grid lines at the time ticks. */
    static void frame(SvgWriter svg, String title, int top, int height, LinearScale time, List<Long> ticks) {
        svg.text("text", title, "class", "panel-title", "x", LEFT, "y", top - 8, "font-weight", "bold");
        svg.empty("rect", "x", LEFT, "y", top, "width", WIDTH - LEFT - RIGHT, "height", height,
                "fill", "#fafafa", "stroke", "#bbbbbb");
        for (long tick : ticks) {
            double x = time.pixel(tick);
            svg.empty("line", "class", "grid", "x1", x, "y1", top, "x2", x, "y2", top + height, "stroke", "#e5e5e5");
        }
    }

    static void yTick(SvgWriter svg, double y, String label) {
        svg.empty("line", "class", "grid", "x1", LEFT, "y1", y, "x2", WIDTH - RIGHT, "y2", y, "stroke", "#e5e5e5");
        svg.text("text", label, "class", "tick", "x", LEFT - 6, "y", y + 4, "text-anchor", "end", "fill", OTHER_COLOUR);
    }

    private static void timeAxis(SvgWriter svg, LinearScale time, List<Long> ticks, int bottom) {
        svg.open("g", "class", "time-axis");
        for (long tick : ticks) {
            double x = time.pixel(tick);
            svg.empty("line", "x1", x, "y1", bottom, "x2", x, "y2", bottom + 5, "stroke", "#bbbbbb");
            svg.text("text", Durations.format(Duration.ofSeconds(tick)), "class", "tick", "x", x, "y", bottom + 18,
                    "text-anchor", "middle", "fill", OTHER_COLOUR);
        }
        svg.text("text", "virtual time since the rollout started", "class", "axis-label",
                "x", (LEFT + WIDTH - RIGHT) / 2, "y", bottom + 42, "text-anchor", "middle");
        svg.close("g");
    }

    private static void marker(SvgWriter svg, Timeline timeline, LinearScale time, int bottom) {
        Optional<Timeline.Entry> turn = timeline.turningPoint();
        if (turn.isEmpty()) {
            return;
        }
        Decision decision = turn.get().decision();
        String kind = decision == Decision.ROLL_BACK ? "rollback" : decision == Decision.ABORT ? "abort" : "promotion";
        String words = decision == Decision.ROLL_BACK ? "rolled back" : decision == Decision.ABORT ? "aborted" : "promoted";
        String colour = decision == Decision.PROMOTE ? PASS_COLOUR : FAIL_COLOUR;
        double x = time.pixel(seconds(turn.get().time()));
        boolean nearRight = x > WIDTH - RIGHT - 120;
        svg.open("g", "class", "marker " + kind);
        svg.empty("line", "x1", x, "y1", WEIGHT_TOP - 14, "x2", x, "y2", bottom, "stroke", colour, "stroke-width", 2);
        svg.text("text", words + " at " + Durations.format(turn.get().time()), "class", "marker-label",
                "x", nearRight ? x - 4 : x + 4, "y", WEIGHT_TOP - 4, "text-anchor", nearRight ? "end" : "start",
                "fill", colour, "font-weight", "bold");
        svg.close("g");
    }

    /** Time ticks at a round interval, at most {@value #MAX_TIME_TICKS} of them after zero. */
    static List<Long> timeTicks(double totalSeconds) {
        long step = TIME_STEPS_SECONDS[TIME_STEPS_SECONDS.length - 1];
        for (long candidate : TIME_STEPS_SECONDS) {
            if (totalSeconds / candidate <= MAX_TIME_TICKS) {
                step = candidate;
                break;
            }
        }
        List<Long> ticks = new ArrayList<>();
        for (long t = 0; t <= totalSeconds; t += step) {
            ticks.add(t);
        }
        return ticks;
    }

    static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /** A tick or threshold value: whole numbers without decimals, others with up to three. */
    static String label(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String text = String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
