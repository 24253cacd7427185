package dev.stepwise.operator.internal;

import dev.stepwise.analysis.Verdict;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.operator.RolloutStatus;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.traffic.Track;
import dev.stepwise.validation.Problem;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Pure functions from the engine's record and events to a {@link RolloutStatus}: the phase, weight,
 * step and revision of the stored state, the message of the last event that said something, the
 * verdicts of the last analysis, and conditions {@code Ready} and {@code Progressing} whose reasons
 * are phase labels (CamelCase). A condition keeps its {@code lastTransitionTime} while its status
 * stays the same.
 */
public final class StatusProjection {

    private StatusProjection() {
    }

    /** The status of a running rollout. */
    public static RolloutStatus of(long generation, RolloutState state, String message, List<Verdict> verdicts,
                                   @Nullable RolloutStatus previous, Instant now) {
        Phase phase = state.phase();
        String label = phase.label();
        List<RolloutStatus.Condition> conditions = List.of(
                condition(previous, "Ready", phase == Phase.SUCCEEDED, label, readyMessage(phase), now),
                condition(previous, "Progressing", !phase.isTerminal() && phase != Phase.PAUSED, label,
                        "phase " + label + ", step " + (state.stepIndex() + 1), now));
        List<RolloutStatus.VerdictStatus> last = verdicts.stream().map(StatusProjection::verdict).collect(Collectors.toList());
        return new RolloutStatus(generation, label, state.split().weight(Track.CANARY), state.stepIndex() + 1,
                state.revision(), message, conditions, last);
    }

    /** The status of a spec refused: phase {@code Invalid}, condition Invalid=True reason {@code InvalidSpec}. */
    public static RolloutStatus invalid(long generation, List<Problem> problems, @Nullable RolloutStatus previous,
                                        Instant now) {
        String message = invalidMessage(problems);
        return new RolloutStatus(generation, RolloutStatus.INVALID, 0, 0, "", message,
                List.of(condition(previous, "Invalid", true, "InvalidSpec", message, now),
                        condition(previous, "Ready", false, "InvalidSpec", "the spec was refused; nothing runs", now)),
                List.of());
    }

    /** Every problem at its spec path, in one sentence list. */
    public static String invalidMessage(List<Problem> problems) {
        return "invalid spec: " + problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
    }

    /** What an event says for the status message; empty for events that say nothing new (applied, verified). */
    public static Optional<String> message(RolloutEvent event) {
        if (event instanceof RolloutEvent.Stepped s) {
            String reason = s.transition().reason();
            return Optional.of(s.transition().decision() + (reason.isEmpty() ? "" : ": " + reason));
        }
        if (event instanceof RolloutEvent.Failed f) {
            // never the SPI's error text in the status (it may quote a URL or a token): the log has it
            return Optional.of("reconcile failed (attempt " + f.attempt() + "); retrying in " + f.retryIn());
        }
        if (event instanceof RolloutEvent.Stuck s) {
            return Optional.of("reconciles kept failing past the deadline; the rollout was handled by policy " + s.policy());
        }
        if (event instanceof RolloutEvent.Conflicted c) {
            return Optional.of("held: " + c.what() + " was changed outside Stepwise; resume or abort it");
        }
        if (event instanceof RolloutEvent.Ended e) {
            return Optional.of("rollout ended: " + e.phase());
        }
        return Optional.empty();
    }

    private static String readyMessage(Phase phase) {
        return phase == Phase.SUCCEEDED ? "the canary is promoted and all traffic is on stable"
                : phase.isTerminal() ? "ended without promotion; all traffic is on stable" : "the rollout is under way";
    }

    private static RolloutStatus.VerdictStatus verdict(Verdict v) {
        boolean finite = Double.isFinite(v.observed());
        String reason = finite ? v.reason() : (v.reason().isEmpty() ? "" : v.reason() + "; ") + "no value observed (written as 0)";
        return new RolloutStatus.VerdictStatus(v.metric(), v.status().label(), finite ? v.observed() : 0, reason);
    }

    private static RolloutStatus.Condition condition(@Nullable RolloutStatus previous, String type, boolean holds,
                                                     String reason, String message, Instant now) {
        String status = holds ? "True" : "False";
        String since = now.truncatedTo(ChronoUnit.SECONDS).toString();
        if (previous != null) {
            for (RolloutStatus.Condition c : previous.conditions()) {
                if (c.type().equals(type) && c.status().equals(status)) {
                    since = c.lastTransitionTime();
                }
            }
        }
        return new RolloutStatus.Condition(type, status, reason, message, since);
    }

    /** The verdicts to show: those of the last step that had any, else what was shown. */
    public static List<Verdict> lastVerdicts(List<Verdict> shown, RolloutEvent event) {
        if (event instanceof RolloutEvent.Stepped s && !s.verdicts().isEmpty()) {
            return new ArrayList<>(s.verdicts());
        }
        return shown;
    }
}
