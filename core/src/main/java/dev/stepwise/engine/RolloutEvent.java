package dev.stepwise.engine;

import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.LeadershipTerm;
import dev.stepwise.rollout.Transition;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What happened to a rollout, for listeners: timelines, metrics, chat, audit. */
public sealed interface RolloutEvent {

    /** The rollout's id. */
    String id();

    /** When, by the engine's clock. */
    Instant at();

    /**
     * The strategy stepped; the transition is written ahead and about to be applied.
     *
     * @param verdicts the verdicts the strategy judged at this step, in the order observed; empty
     *                 when no analysis was due
     */
    record Stepped(String id, Instant at, Transition transition, List<Verdict> verdicts) implements RolloutEvent {

        public Stepped {
            verdicts = List.copyOf(verdicts);
        }

        /** A step without verdicts. */
        public Stepped(String id, Instant at, Transition transition) {
            this(id, at, transition, List.of());
        }
    }

    /** Every action of the last transition is applied and the transition committed. */
    record Applied(String id, Instant at, List<Action> actions) implements RolloutEvent { }

    /** The data plane shows the split; the analysis interval counts from now. */
    record Verified(String id, Instant at, TrafficSplit split) implements RolloutEvent { }

    /** The split is written but the data plane does not show it yet; asked again after {@code retryIn}. */
    record AwaitingVerification(String id, Instant at, TrafficSplit split, Duration retryIn) implements RolloutEvent { }

    /** A reconcile failed (an SPI threw); nothing is lost, it is retried after {@code retryIn}. */
    record Failed(String id, Instant at, int attempt, String error, Duration retryIn) implements RolloutEvent { }

    /** Reconciles kept failing past the deadline; the engine paused or rolled the rollout back. */
    record Stuck(String id, Instant at, StuckPolicy policy, String error) implements RolloutEvent { }

    /**
     * An SPI refused a change because someone outside Stepwise changed what the rollout owns
     * ({@link dev.stepwise.spi.ConflictingChangeException}). Not retried: the rollout is held, its
     * written-ahead transition kept, until an operator sends resume (apply it over the change),
     * abort or pause; see {@link RolloutEngine}.
     *
     * @param what    the thing changed, e.g. {@code apps/podinfo/virtualservice.yaml}
     * @param message what the SPI said about it
     */
    record Conflicted(String id, Instant at, String what, String message) implements RolloutEvent { }

    /**
     * This engine left the rollout to the leader: it is not the leader (or leads in a term it has not
     * claimed the rollout in yet), found right before a write, which it did not make.
     *
     * @param term    the term the engine found itself in
     * @param message what the log line says, e.g. {@code not the leader (lease stepwise/engine held by
     *                b-1 since 2026-...); leaving rollout test/podinfo to the leader}
     */
    record NotLeader(String id, Instant at, LeadershipTerm term, String message) implements RolloutEvent { }

    /** The rollout reached a terminal phase. */
    record Ended(String id, Instant at, Phase phase) implements RolloutEvent { }
}
