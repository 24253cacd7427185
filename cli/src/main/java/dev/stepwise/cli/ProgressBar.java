package dev.stepwise.cli;

import dev.stepwise.rollout.Phase;
import dev.stepwise.testkit.Step;
import dev.stepwise.traffic.TrafficSplit;
import java.io.PrintWriter;

/**
 * The progress of one rollout as it steps, e.g. {@code [#####-----]  55% canary 40%  Progressing}.
 * On a terminal the line is redrawn in place ({@code \r}) and ended when the rollout ends;
 * otherwise every step prints a line of its own, which reads well in a log.
 *
 * <p>Progress is the share of the healthy rollout's steps ({@code stepsToSuccess}) taken so far,
 * 100% at success; a run that holds or rolls back stops short of it.
 */
final class ProgressBar {

    static final int WIDTH = 20;

    private final PrintWriter out;
    private final boolean redraw;
    private final int stepsToSuccess;
    private final Style style;
    private int lastLength;

    ProgressBar(PrintWriter out, boolean redraw, int stepsToSuccess, Style style) {
        this.out = out;
        this.redraw = redraw;
        this.stepsToSuccess = Math.max(1, stepsToSuccess);
        this.style = style;
    }

    /** Draws the progress after {@code step}. */
    void update(Step step) {
        update(step.index(), step.phase(), step.split());
    }

    /** Draws the progress after step number {@code index} (from 1), which left the rollout in {@code phase} at {@code split}. */
    void update(int index, Phase phase, TrafficSplit split) {
        String line = line(index, phase, split);
        if (redraw) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
            if (phase.isTerminal()) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** The progress line after {@code step}, without colours. */
    String line(Step step) {
        return line(step.index(), step.phase(), step.split());
    }

    private String line(int index, Phase phase, TrafficSplit split) {
        int percent = phase == Phase.SUCCEEDED ? 100 : Math.min(99, Math.min(index, stepsToSuccess) * 100 / stepsToSuccess);
        int filled = percent * WIDTH / 100;
        String label = phase.isTerminal() ? style.result(phase, phase.label()) : phase.label();
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + String.format("%3d%%", percent)
                + " canary " + split.canary() + "%  " + label;
    }
}
