package dev.stepwise.cli;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.Phase;

/** ANSI colours for words that carry a judgement; plain text when colours are off. */
final class Style {

    private static final String GREEN = "32";
    private static final String YELLOW = "33";
    private static final String RED = "31";
    private static final String BOLD = "1";

    /** No colours. */
    static final Style PLAIN = new Style(false);

    private final boolean colour;

    Style(boolean colour) {
        this.colour = colour;
    }

    boolean colour() {
        return colour;
    }

    /** Green for going on, yellow for holding or waiting, red for rolling back or aborting. */
    String decision(Decision decision, String text) {
        if (decision == Decision.ROLL_BACK || decision == Decision.ABORT) {
            return paint(RED, text);
        }
        return paint(decision == Decision.HOLD || decision == Decision.WAIT ? YELLOW : GREEN, text);
    }

    String status(Verdict.Status status, String text) {
        if (status == Verdict.Status.PASS) {
            return paint(GREEN, text);
        }
        return paint(status == Verdict.Status.FAIL ? RED : YELLOW, text);
    }

    String outcome(AnalysisOutcome outcome, String text) {
        if (outcome == AnalysisOutcome.PASS) {
            return paint(GREEN, text);
        }
        return outcome == AnalysisOutcome.FAIL ? paint(RED, text) : outcome == AnalysisOutcome.NO_DATA ? paint(YELLOW, text) : text;
    }

    String result(Phase phase, String text) {
        return phase == Phase.SUCCEEDED ? good(text) : bad(text);
    }

    /** Green: all is well. */
    String good(String text) {
        return paint(GREEN, text);
    }

    /** Red: something is wrong. */
    String bad(String text) {
        return paint(RED, text);
    }

    String bold(String text) {
        return paint(BOLD, text);
    }

    private String paint(String code, String text) {
        return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
