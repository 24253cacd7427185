package dev.stepwise.notify;

import dev.stepwise.analysis.Verdict;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.Transition;
import dev.stepwise.traffic.TrafficSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which events are told and how, with Flagger's severities; pure.
 *
 * <table>
 * <caption>Events and their notifications</caption>
 * <tr><th>event</th><th>severity</th></tr>
 * <tr><td>Stepped: start, advance, continue, promote, finalize, succeed, resume, restart</td><td>info
 *     (warn when a check failed, errored or had no data)</td></tr>
 * <tr><td>Stepped: hold, pause</td><td>warn</td></tr>
 * <tr><td>Stepped: roll back, abort</td><td>error</td></tr>
 * <tr><td>Failed, Stuck, Conflicted</td><td>warn</td></tr>
 * <tr><td>Ended: Succeeded / RolledBack, Aborted</td><td>info / error</td></tr>
 * </table>
 * Not told: a step that only waits ({@code wait}, {@code none}), Applied, Verified,
 * AwaitingVerification and NotLeader (the leader tells those rollouts).
 */
public final class Notifications {

    private Notifications() {
    }

    /** The notification {@code event} gives, if it is told. */
    public static Optional<Notification> of(RolloutEvent event) {
        if (event instanceof RolloutEvent.Stepped stepped) {
            return stepped(stepped);
        }
        if (event instanceof RolloutEvent.Failed failed) {
            return Optional.of(new Notification(failed.id(), failed.at(), Severity.WARN,
                    failed.id() + " reconcile failed (attempt " + failed.attempt() + ")", failed.error(),
                    List.of(new Notification.Field("retry in", failed.retryIn().toString()))));
        }
        if (event instanceof RolloutEvent.Stuck stuck) {
            return Optional.of(new Notification(stuck.id(), stuck.at(), Severity.WARN, stuck.id() + " is stuck",
                    stuck.error(), List.of(new Notification.Field("policy", stuck.policy().name().toLowerCase(Locale.ROOT)))));
        }
        if (event instanceof RolloutEvent.Conflicted conflicted) {
            return Optional.of(new Notification(conflicted.id(), conflicted.at(), Severity.WARN,
                    conflicted.id() + " held: " + conflicted.what() + " changed outside Stepwise", conflicted.message(),
                    List.of()));
        }
        if (event instanceof RolloutEvent.Ended ended) {
            return Optional.of(new Notification(ended.id(), ended.at(),
                    ended.phase() == Phase.SUCCEEDED ? Severity.INFO : Severity.ERROR,
                    ended.id() + " " + ended.phase().label(), "", List.of()));
        }
        return Optional.empty(); // Applied, Verified, AwaitingVerification, NotLeader
    }

    private static Optional<Notification> stepped(RolloutEvent.Stepped stepped) {
        Transition transition = stepped.transition();
        Decision decision = transition.decision();
        if (decision == Decision.WAIT || decision == Decision.NONE) {
            return Optional.empty();
        }
        boolean checkFailed = stepped.verdicts().stream().anyMatch(v -> v.status() != Verdict.Status.PASS
                && v.status() != Verdict.Status.HOLD);
        Severity severity = switch (decision) {
            case ROLL_BACK, ABORT -> Severity.ERROR;
            case HOLD, PAUSE -> Severity.WARN;
            default -> checkFailed ? Severity.WARN : Severity.INFO;
        };
        TrafficSplit split = transition.state().split();
        List<Notification.Field> fields = new ArrayList<>();
        fields.add(new Notification.Field("phase", transition.state().phase().label()));
        fields.add(new Notification.Field("canary weight", split.canary() + "%"));
        fields.add(new Notification.Field("stable weight", split.stable() + "%"));
        for (Verdict verdict : stepped.verdicts()) {
            fields.add(new Notification.Field(verdict.metric(), verdict.status().label()
                    + (verdict.hasObservedValue() ? " (" + verdict.observed() + ")" : "")));
        }
        String title = stepped.id() + " " + decision.label() + " at " + split.canary() + "% canary";
        return Optional.of(new Notification(stepped.id(), stepped.at(), severity, title, transition.reason(), fields));
    }
}
