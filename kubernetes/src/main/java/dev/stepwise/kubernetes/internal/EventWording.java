package dev.stepwise.kubernetes.internal;

import dev.stepwise.analysis.Verdict;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.engine.StuckPolicy;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The Kubernetes Event a rollout event becomes, worded as Flagger words its events
 * ({@code Advance podinfo.test canary weight 20}). Pure. Only the rollout's name, weights, the
 * decision, the strategy's reason and verdict names, statuses and values go into a message, never an
 * SPI's error text (it may hold a URL with credentials); URLs and bearer tokens in a strategy's
 * reason are blanked all the same.
 */
public final class EventWording {

    private static final Pattern URL = Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://\\S+");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic|token|password|secret)([=: ]+)\\S+");
    private static final int MAX_MESSAGE = 1024;

    private EventWording() {
    }

    /** The event's note; empty for events that are not decisions (applied, verified, awaiting verification, none). */
    public static Optional<EventNote> of(RolloutEvent event) {
        String who = flaggerName(event.id());
        @Nullable EventNote note = note(who, event);
        return Optional.ofNullable(note).map(n -> n.message().length() <= MAX_MESSAGE ? n
                : new EventNote(n.warning(), n.reason(), n.message().substring(0, MAX_MESSAGE - 1) + "…"));
    }

    private static @Nullable EventNote note(String who, RolloutEvent event) {
        if (event instanceof RolloutEvent.Stepped s) {
            return stepped(who, s.transition(), s.verdicts());
        } else if (event instanceof RolloutEvent.Failed) {
            // no attempt number nor error text: repeats aggregate into one Event, and the error may hold a secret
            return new EventNote(true, "ReconcileFailed", "Reconcile of " + who + " failed; retrying (the log says why)");
        } else if (event instanceof RolloutEvent.Stuck s) {
            return new EventNote(true, "Stuck", "Reconciles of " + who + " kept failing past the deadline; "
                    + (s.policy() == StuckPolicy.PAUSE ? "paused" : "rolling back"));
        } else if (event instanceof RolloutEvent.Conflicted c) {
            return new EventNote(true, "Conflicted", "Halt " + who + " advancement: " + redact(c.what())
                    + " was changed outside Stepwise; resume, pause or abort");
        } else if (event instanceof RolloutEvent.NotLeader) {
            return new EventNote(false, "NotLeader", "Not the leader; leaving " + who + " to the leader");
        } else if (event instanceof RolloutEvent.Ended e) {
            return ended(who, e.phase());
        }
        return null; // applied, verified, awaiting verification: progress, not decisions
    }

    /** {@code test/podinfo} as Flagger writes it: {@code podinfo.test}. */
    public static String flaggerName(String id) {
        int slash = id.indexOf('/');
        return slash < 0 ? id : id.substring(slash + 1) + "." + id.substring(0, slash);
    }

    private static EventNote ended(String who, Phase phase) {
        return switch (phase) {
            case SUCCEEDED -> new EventNote(false, "Ended", "Rollout of " + who + " ended: " + phase);
            case ROLLED_BACK -> new EventNote(true, "Ended", "Canary failed! Rollout of " + who + " ended: " + phase);
            default -> new EventNote(true, "Ended", "Rollout of " + who + " ended: " + phase);
        };
    }

    private static @Nullable EventNote stepped(String who, Transition t, List<Verdict> verdicts) {
        RolloutState s = t.state();
        String why = verdicts.isEmpty() ? "" : " (" + verdicts(verdicts) + ")";
        String because = verdicts.isEmpty() ? reason(t) : why;
        return switch (t.decision()) {
            case START -> new EventNote(false, "Started", "New revision detected! Scaling up " + who + why);
            case RESTART -> new EventNote(false, "Restarted", "New revision detected! Restarting analysis of " + who + because);
            case WAIT -> new EventNote(false, "Waiting", "Halt advancement " + who + " waiting" + because);
            case ADVANCE -> new EventNote(false, "Advanced", "Advance " + who + " canary weight " + s.split().canary()
                    + mirror(s) + why);
            case CONTINUE -> new EventNote(false, "Continued", "Advance " + who + " canary iteration "
                    + s.passedAnalyses() + why);
            case HOLD -> new EventNote(true, "Halted", "Halt " + who + " advancement" + because);
            case PROMOTE -> new EventNote(false, "Promoted", "Copying " + who + " template spec to primary" + why);
            case FINALIZE -> new EventNote(false, "Finalizing", "Routing all traffic to primary of " + who);
            case SUCCEED -> new EventNote(false, "Succeeded", "Promotion completed! " + who + " revision " + s.revision());
            case ROLL_BACK -> new EventNote(true, "RolledBack", s.failedAnalyses() > 0
                    ? "Rolling back " + who + " failed checks threshold reached " + s.failedAnalyses() + why
                    : "Rolling back " + who + because);
            case PAUSE -> new EventNote(false, "Paused", "Paused " + who + " at canary weight " + s.split().canary());
            case RESUME -> new EventNote(false, "Resumed", "Resumed " + who + " at canary weight " + s.split().canary());
            case ABORT -> new EventNote(true, "Aborted", "Aborted " + who + "; all traffic on primary");
            case NONE -> null;
        };
    }

    private static String mirror(RolloutState s) {
        return s.split().mirrorPercent() > 0 ? " mirroring " + s.split().mirrorPercent() + "%" : "";
    }

    private static String reason(Transition t) {
        return t.reason().isBlank() ? "" : ": " + redact(t.reason());
    }

    /** Names, statuses and values only: a verdict's reason may quote an SPI's error. */
    static String verdicts(List<Verdict> verdicts) {
        return verdicts.stream().map(v -> v.metric() + " " + v.status() + (v.critical() ? " (critical)" : "")
                + (v.hasObservedValue() ? " " + number(v.observed()) : "")).collect(Collectors.joining(", "));
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.4g", value).replaceAll("\\.?0+$", "");
    }

    /** Blanks URLs (they may carry credentials) and values after words like {@code token=}. */
    static String redact(String text) {
        return BEARER.matcher(URL.matcher(text).replaceAll("<url>")).replaceAll("$1$2<redacted>");
    }
}
