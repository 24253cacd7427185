package dev.stepwise.strategy;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.NextLook;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficNeeds;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A built-in strategy: a {@link LifecycleStrategy} around the movement its subclass supplies, so
 * every built-in is written with the public lifecycle. {@link #step} is the lifecycle's; the
 * subclass overrides the movement's hooks ({@link #progress}, {@link #promoting}, ...) and calls
 * the lifecycle's building blocks through the forwarders below.
 */
abstract class BuiltInMovement implements Strategy {

    private final LifecycleStrategy lifecycle;

    BuiltInMovement(AnalysisPolicy analysis, boolean baseline) {
        this.lifecycle = LifecycleStrategy.of(analysis, baseline, new Hooks());
    }

    /** The lifecycle this strategy runs on. */
    final LifecycleStrategy lifecycle() {
        return lifecycle;
    }

    @Override
    public final AnalysisPolicy analysis() {
        return lifecycle.analysis();
    }

    @Override
    public final Transition step(RolloutState state, Observation obs) {
        return lifecycle.step(state, obs);
    }

    // ---- the movement ---------------------------------------------------------------------------

    /** Progressing: analysis, then the next position, or promotion. See {@link Movement#progress}. */
    abstract Transition progress(RolloutState state, Observation obs);

    /** Promoting: route traffic to the promoted stable track, then finish. See {@link Movement#promoting}. */
    abstract Transition promoting(RolloutState state, Observation obs);

    /** Whether the step after reaching {@code state} judges an analysis. */
    abstract boolean analysisDue(RolloutState state);

    /** See {@link Movement#progressingGates}; the canary adds confirm-traffic-increase. */
    HookType[] progressingGates() {
        return new HookType[] {HookType.CONFIRM_PROMOTION};
    }

    /** See {@link Movement#whilePaused}; the step list uses it for its pause steps without a duration. */
    Optional<Transition> whilePaused(RolloutState state, Observation obs) {
        return Optional.empty();
    }

    /** See {@link Movement#scaleUpOnStart}; rolling scales in batches instead. */
    List<Action> scaleUpOnStart(RolloutState state) {
        return lifecycle.scaleUpCanary(state);
    }

    /** See {@link Movement#promote}; blue/green switches traffic instead. */
    Transition promote(RolloutState state, Observation obs, AnalysisOutcome outcome) {
        return lifecycle.promoteCanary(state, obs, outcome);
    }

    /** See {@link Movement#beforeEndingOnStable}. */
    List<Action> beforeEndingOnStable(RolloutState state) {
        return List.of();
    }

    // ---- the lifecycle's building blocks --------------------------------------------------------

    /** See {@link LifecycleStrategy#preRolloutFailure}; null when none failed. */
    @Nullable String preRolloutFailure(Observation obs) {
        return lifecycle.preRolloutFailure(obs).orElse(null);
    }

    Transition failed(RolloutState state, Observation obs, AnalysisOutcome outcome, String reason,
                      List<Action> retryActions) {
        return lifecycle.failed(state, obs, outcome, reason, retryActions);
    }

    Optional<Transition> judge(RolloutState state, Observation obs) {
        return lifecycle.judge(state, obs);
    }

    Transition iterate(RolloutState state, Observation obs, int iterations, String what) {
        return lifecycle.iterate(state, obs, iterations, what);
    }

    Transition awaitPromotion(RolloutState state, Observation obs, AnalysisOutcome outcome) {
        return lifecycle.awaitPromotion(state, obs, outcome);
    }

    Transition succeed(RolloutState state, Observation obs) {
        return lifecycle.succeed(state, obs);
    }

    Transition endOnStable(RolloutState state, Observation obs, Phase phase, Decision decision,
                           AnalysisOutcome outcome, String reason) {
        return lifecycle.endOnStable(state, obs, phase, decision, outcome, reason);
    }

    boolean gateOpen(HookType gate, Observation obs) {
        return lifecycle.gateOpen(gate, obs);
    }

    Transition waitReady(RolloutState state, Track track) {
        return lifecycle.waitReady(state, track);
    }

    /** A judge needs more evidence: the lifecycle's hold, counting neither a failure nor a no-data interval. */
    Transition held(RolloutState state, String detail) {
        return lifecycle.held(state, detail);
    }

    NextLook lookAgain(RolloutState state, boolean withAnalysis) {
        return lifecycle.lookAgain(state, withAnalysis);
    }

    static boolean skipsAnalysis(Observation obs) {
        return LifecycleStrategy.skipsAnalysis(obs);
    }

    static String passReason(Observation obs) {
        return LifecycleStrategy.passReason(obs);
    }

    static String describe(Observation obs) {
        return LifecycleStrategy.describe(obs);
    }

    static String join(String first, String second) {
        return LifecycleStrategy.join(first, second);
    }

    /** The subclass's hooks as a {@link Movement}. */
    private final class Hooks implements Movement {

        @Override
        public StrategyKind kind() {
            return BuiltInMovement.this.kind();
        }

        @Override
        public Transition progress(RolloutState state, Observation observation, LifecycleStrategy lifecycle) {
            return BuiltInMovement.this.progress(state, observation);
        }

        @Override
        public Transition promoting(RolloutState state, Observation observation, LifecycleStrategy lifecycle) {
            return BuiltInMovement.this.promoting(state, observation);
        }

        @Override
        public boolean analysisDue(RolloutState state) {
            return BuiltInMovement.this.analysisDue(state);
        }

        @Override
        public int stepsToSuccess(AnalysisPolicy analysis) {
            return BuiltInMovement.this.stepsToSuccess();
        }

        @Override
        public TrafficNeeds trafficNeeds() {
            return BuiltInMovement.this.trafficNeeds();
        }

        @Override
        public Set<HookType> progressingGates() {
            return Set.of(BuiltInMovement.this.progressingGates());
        }

        @Override
        public Optional<Transition> whilePaused(RolloutState state, Observation observation, LifecycleStrategy lifecycle) {
            return BuiltInMovement.this.whilePaused(state, observation);
        }

        @Override
        public List<Action> scaleUpOnStart(RolloutState state, LifecycleStrategy lifecycle) {
            return BuiltInMovement.this.scaleUpOnStart(state);
        }

        @Override
        public Transition promote(RolloutState state, Observation observation, AnalysisOutcome outcome,
                                  LifecycleStrategy lifecycle) {
            return BuiltInMovement.this.promote(state, observation, outcome);
        }

        @Override
        public List<Action> beforeEndingOnStable(RolloutState state) {
            return BuiltInMovement.this.beforeEndingOnStable(state);
        }

        @Override
        public AnalysisPolicy analysisAt(RolloutState state, AnalysisPolicy analysis) {
            return BuiltInMovement.this.analysisAt(state);
        }

        @Override
        public String toString() {
            return BuiltInMovement.this.toString();
        }
    }
}
