package dev.stepwise.cli;

import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.NextLook;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.StoredRollout;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A stored rollout as {@code stepwise status} prints it: one labelled line per fact, the verdicts
 * one per line, like {@code kubectl argo rollouts get}.
 */
final class StatusText {

    private StatusText() {
    }

    static String of(StoredRollout rec, String where, Instant now, Style style) {
        StringBuilder sb = new StringBuilder();
        line(sb, "Rollout", style.bold(rec.id()) + "  (version " + rec.version() + ", " + where + ")");
        line(sb, "Phase", rec.state().phase().isTerminal() ? style.result(rec.state().phase(), rec.state().phase().label())
                : rec.state().phase().label() + (rec.state().pausedFrom() != null ? " (from " + rec.state().pausedFrom() + ")" : ""));
        line(sb, "Revision", rec.state().revision());
        line(sb, "Split", rec.state().split() + (rec.verifiedAt().isPresent() ? ", verified " + rec.verifiedAt().get()
                : ", not verified yet"));
        line(sb, "Step", rec.state().stepIndex() + (rec.isCommitted() ? "" : " (" + rec.pending().size() + " actions being applied)"));
        StepNote note = rec.note();
        line(sb, "Last step", style.decision(note.decision(), note.decision().label())
                + (note.reason().isEmpty() ? "" : ": " + note.reason()) + " at " + note.decidedAt());
        List<Verdict> verdicts = note.verdicts();
        if (verdicts.isEmpty()) {
            line(sb, "Verdicts", "none (no analysis ran for the last step)");
        } else {
            for (int i = 0; i < verdicts.size(); i++) {
                Verdict v = verdicts.get(i);
                line(sb, i == 0 ? "Verdicts" : "", style.status(v.status(), v.toString()));
            }
        }
        line(sb, "Analyses", rec.state().passedAnalyses() + " passed at this step, " + rec.state().failedAnalyses()
                + " failed in all, " + rec.state().noDataIntervals() + " intervals without data");
        line(sb, "Commands", rec.commands().isEmpty() ? "none pending"
                : rec.commands().stream().map(Command::label).sorted().collect(Collectors.joining(", "))
                        + " (pending: the engine takes them at its next look)");
        line(sb, "Held", rec.conflict().map(c -> style.bad("by a conflicting change to " + c.what()) + " at " + c.at()
                + (c.message().isEmpty() ? "" : ": " + c.message()) + "; resume to apply the step over it, or abort")
                .orElse("no"));
        line(sb, "Next look", nextLook(rec, now));
        return sb.toString();
    }

    private static String nextLook(StoredRollout rec, Instant now) {
        if (rec.state().phase().isTerminal()) {
            return "none: the rollout has ended (a new revision or retry starts it again)";
        }
        NextLook next = rec.next();
        Duration in = Duration.between(now, rec.dueAt());
        String when = rec.dueAt() + (in.isNegative() ? " (due now)" : " (in " + human(in) + ")");
        String what = next.analysis() ? "analysis" : "no analysis";
        if (!next.gates().isEmpty()) {
            what += ", gates " + next.gates().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
        }
        return when + ": " + what;
    }

    private static String human(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        return seconds < 3600 ? seconds / 60 + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s")
                : seconds / 3600 + "h" + (seconds % 3600 / 60 == 0 ? "" : seconds % 3600 / 60 + "m");
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append(String.format("%-11s", label)).append(value).append('\n');
    }
}
