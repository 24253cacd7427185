package dev.stepwise.cli;

import dev.stepwise.rollout.Phase;
import dev.stepwise.testkit.Step;
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
        String line = line(step);
        if (redraw) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
            if (step.phase().isTerminal()) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** The progress line after {@code step}, without colours. */
    String line(Step step) {
        int percent = step.phase() == Phase.SUCCEEDED ? 100
                : Math.min(99, Math.min(step.index(), stepsToSuccess) * 100 / stepsToSuccess);
        int filled = percent * WIDTH / 100;
        String phase = step.phase().isTerminal() ? style.result(step.phase(), step.phase().label()) : step.phase().label();
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + String.format("%3d%%", percent)
                + " canary " + step.split().canary() + "%  " + phase;
    }
}
