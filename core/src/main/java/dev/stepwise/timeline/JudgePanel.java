package dev.stepwise.timeline;

import dev.stepwise.analysis.judge.SequentialDecision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@link TimelineSvg} panel of the statistical judges (class {@code panel judges}): each
 * judge's statistic (log likelihood ratio) per look as points joined by a line in the judge's
 * colour (class {@code judge-series}, points {@code judge-point}, a look that answered
 * {@code HARMFUL} ringed in red, class {@code judge-point harmful}), and each distinct bound as a
 * labelled dashed line: the harmful bound in red (class {@code judge-bound harmful}, "rollback ≥"),
 * the harmless bound in green (class {@code judge-bound harmless}, "healthy ≤").
 *
 * <p>A statistic can run far past its bounds (hundreds against 5.3 for a canary failing every
 * request), which would squeeze the bounds together: the axis reaches at most twice the distance
 * between the bounds beyond either bound, and a point beyond is drawn at the panel's edge with
 * its value written beside it (class {@code judge-point clipped}).
 */
final class JudgePanel {

    static final int HEIGHT = 130;
    private static final double REACH = 2;
    private static final String[] COLOURS = {"#8c564b", "#17becf", "#e377c2", "#bcbd22", "#7f7f7f", "#9467bd"};

    private JudgePanel() {
    }

    /** Draws the panel with its frame's top at {@code top}; the caller leaves {@link #HEIGHT} pixels for it. */
    static void draw(SvgWriter svg, Timeline timeline, LinearScale time, List<Long> ticks, int top) {
        Map<String, List<Look>> series = new LinkedHashMap<>();
        TreeSet<Double> harmful = new TreeSet<>();
        TreeSet<Double> harmless = new TreeSet<>();
        for (Timeline.Entry entry : timeline.entries()) {
            for (JudgeReading judge : entry.judges()) {
                series.computeIfAbsent(judge.name(), n -> new ArrayList<>())
                        .add(new Look(TimelineSvg.seconds(entry.time()), judge.statistic(), judge.outcome()));
                harmful.add(rounded(judge.harmfulBound()));
                harmless.add(rounded(judge.harmlessBound()));
            }
        }
        double span = harmful.last() - harmless.first();
        double high = harmful.last() + REACH * span;
        double low = harmless.first() - REACH * span;
        List<Double> values = new ArrayList<>(harmful);
        values.addAll(harmless);
        series.values().forEach(points -> points.forEach(p -> values.add(clip(p.statistic(), low, high))));
        LinearScale scale = LinearScale.padded(values, top + HEIGHT, top);

        svg.open("g", "class", "panel judges");
        TimelineSvg.frame(svg, "judges (log likelihood ratio per look)", top, HEIGHT, time, ticks);
        legend(svg, series.keySet(), top);
        for (double tick : scale.ticks(4)) {
            TimelineSvg.yTick(svg, scale.pixel(tick), TimelineSvg.label(tick));
        }
        harmful.forEach(b -> bound(svg, "harmful", "rollback ≥ ", b, TimelineSvg.FAIL_COLOUR, scale, -4));
        harmless.forEach(b -> bound(svg, "harmless", "healthy ≤ ", b, TimelineSvg.PASS_COLOUR, scale, 12));
        int colour = 0;
        for (Map.Entry<String, List<Look>> judge : series.entrySet()) {
            line(svg, judge.getKey(), judge.getValue(), COLOURS[colour++ % COLOURS.length], time, scale, low, high);
        }
        svg.close("g");
    }

    /** The judges' names in their colours, on the panel title's line to the right of it. */
    private static void legend(SvgWriter svg, Iterable<String> names, int top) {
        int x = TimelineSvg.WIDTH / 2;
        int colour = 0;
        for (String name : names) {
            String fill = COLOURS[colour++ % COLOURS.length];
            svg.empty("rect", "class", "legend-swatch", "x", x, "y", top - 17, "width", 10, "height", 10, "fill", fill);
            svg.text("text", name, "class", "legend", "data-judge", name, "x", x + 14, "y", top - 8, "fill", fill);
            x += 24 + 7 * name.length();
        }
    }

    private static void bound(SvgWriter svg, String kind, String words, double value, String colour, LinearScale scale,
                              int labelOffset) {
        double y = scale.pixel(value);
        svg.empty("line", "class", "judge-bound " + kind, "x1", TimelineSvg.LEFT, "y1", y,
                "x2", TimelineSvg.WIDTH - TimelineSvg.RIGHT, "y2", y, "stroke", colour, "stroke-width", 1.5,
                "stroke-dasharray", "6 4");
        svg.text("text", words + String.format(Locale.ROOT, "%.2f", value), "class", "judge-bound-label " + kind,
                "x", TimelineSvg.WIDTH - TimelineSvg.RIGHT + 8, "y", y + labelOffset, "fill", colour);
    }

    private static void line(SvgWriter svg, String name, List<Look> points, String colour, LinearScale time,
                             LinearScale scale, double low, double high) {
        StringBuilder d = new StringBuilder();
        for (Look p : points) {
            d.append(d.length() == 0 ? "M" : " L").append(SvgWriter.number(time.pixel(p.seconds()))).append(' ')
                    .append(SvgWriter.number(scale.pixel(clip(p.statistic(), low, high))));
        }
        svg.empty("path", "class", "judge-series", "data-judge", name, "d", d.toString(), "fill", "none",
                "stroke", colour, "stroke-width", 1.5);
        for (int i = 0; i < points.size(); i++) {
            double x = time.pixel(points.get(i).seconds());
            double value = points.get(i).statistic();
            double y = scale.pixel(clip(value, low, high));
            boolean isHarmful = points.get(i).outcome() == SequentialDecision.Outcome.HARMFUL;
            boolean clipped = value != clip(value, low, high);
            svg.empty("circle", "class", "judge-point" + (isHarmful ? " harmful" : "") + (clipped ? " clipped" : ""),
                    "data-judge", name, "cx", x, "cy", y, "r", isHarmful ? 4.5 : 3.5, "fill", colour,
                    "stroke", isHarmful ? TimelineSvg.FAIL_COLOUR : "none", "stroke-width", 2);
            if (clipped) {
                boolean nearRight = x > TimelineSvg.WIDTH - TimelineSvg.RIGHT - 60;
                svg.text("text", String.format(Locale.ROOT, "%.1f", value), "class", "clipped-value",
                        "x", nearRight ? x - 7 : x + 7, "y", value > high ? y + 14 : y - 6,
                        "text-anchor", nearRight ? "end" : "start", "fill", colour);
            }
        }
    }

    /** One judge's look: when, its statistic and its answer. */
    private record Look(double seconds, double statistic, SequentialDecision.Outcome outcome) {
    }

    private static double clip(double value, double low, double high) {
        return Math.max(low, Math.min(high, value));
    }

    /** Bounds to two decimals, as the labels show them, so two judges' equal bounds draw one line. */
    private static double rounded(double bound) {
        return Math.round(bound * 100) / 100.0;
    }
}
