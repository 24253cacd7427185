package dev.stepwise.bench.decisions;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The run's chart as SVG: per scenario, one bar per contestant for the mean canary requests served
 * until the decision (log scale), the SPRT floor as a black tick, and the share promoted written
 * under each bar.
 */
final class DecisionChart {

    private static final String[] COLOURS = {"#9e9e9e", "#1f77b4", "#2ca02c", "#ff7f0e", "#d62728", "#9467bd", "#8c564b"};
    private static final int WIDTH = 960;
    private static final int HEIGHT = 440;
    /** Legend entries per row, and the width of one. */
    private static final int LEGEND_COLUMNS = 3;
    private static final int LEGEND_WIDTH = 290;
    private static final int LEFT = 70;
    private static final int TOP = 50;
    private static final int PLOT_HEIGHT = 260;
    private static final double MIN_LOG = 1.0;
    private static final double MAX_LOG = 6.0;

    private DecisionChart() {
    }

    static String svg(List<Scenario> scenarios, List<String> contestants, Map<String, Tally> tallies,
                      Map<Scenario, OptionalDouble> floors, int seeds) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(svg, LEFT, 20, "start", 14, "Canary requests served until the decision (mean, log scale; "
                + seeds + " seeds; % promoted under each bar)");
        for (int power = (int) MIN_LOG; power <= MAX_LOG; power++) {
            double y = y(Math.pow(10, power));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>%n",
                    LEFT, WIDTH - 20, y, y));
            text(svg, LEFT - 6, y + 4, "end", 11, String.format(Locale.ROOT, "%,d", (long) Math.pow(10, power)));
        }
        double groupWidth = (WIDTH - LEFT - 20) / (double) scenarios.size();
        double barWidth = (groupWidth - 16) / contestants.size();
        for (int s = 0; s < scenarios.size(); s++) {
            Scenario scenario = scenarios.get(s);
            double x0 = LEFT + s * groupWidth + 8;
            for (int c = 0; c < contestants.size(); c++) {
                Tally tally = tallies.get(contestants.get(c) + "|" + scenario.name());
                if (tally == null || Double.isNaN(tally.meanRequests())) {
                    continue;
                }
                double x = x0 + c * barWidth;
                double top = y(Math.max(Math.pow(10, MIN_LOG), tally.meanRequests()));
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                                + "<title>%s, %s: mean %.0f requests</title></rect>%n", x, top, barWidth - 2, TOP + PLOT_HEIGHT - top,
                        COLOURS[c % COLOURS.length], escape(tally.contestant()), escape(scenario.name()), tally.meanRequests()));
                text(svg, x + barWidth / 2, TOP + PLOT_HEIGHT + 14, "middle", 9,
                        String.format(Locale.ROOT, "%.0f%%", 100 * tally.promotedShare()));
            }
            OptionalDouble floor = floors.getOrDefault(scenario, OptionalDouble.empty());
            if (floor.isPresent()) {
                double y = y(floor.getAsDouble());
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"black\" "
                        + "stroke-width=\"3\"/>%n", x0 - 2, x0 + groupWidth - 14, y, y));
            }
            text(svg, x0 + (groupWidth - 16) / 2, TOP + PLOT_HEIGHT + 30, "middle", 10, scenario.name());
        }
        for (int c = 0; c < contestants.size(); c++) {
            int x = legendX(c);
            int legendY = legendY(c);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    x, legendY - 10, COLOURS[c % COLOURS.length]));
            text(svg, x + 16, legendY, "start", 11, contestants.get(c));
        }
        int floorX = legendX(contestants.size());
        int floorY = legendY(contestants.size());
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"black\" stroke-width=\"3\"/>%n",
                floorX, floorX + 14, floorY - 4, floorY - 4));
        text(svg, floorX + 18, floorY, "start", 11, "(c) SPRT floor");
        return svg.append("</svg>\n").toString();
    }

    private static int legendX(int entry) {
        return LEFT + (entry % LEGEND_COLUMNS) * LEGEND_WIDTH;
    }

    private static int legendY(int entry) {
        return HEIGHT - 50 + (entry / LEGEND_COLUMNS) * 20;
    }

    private static double y(double requests) {
        double log = Math.min(MAX_LOG, Math.max(MIN_LOG, Math.log10(requests)));
        return TOP + PLOT_HEIGHT - (log - MIN_LOG) / (MAX_LOG - MIN_LOG) * PLOT_HEIGHT;
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, int size, String text) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
                x, y, anchor, size, escape(text)));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
