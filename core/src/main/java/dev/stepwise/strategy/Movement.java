package dev.stepwise.strategy;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.traffic.TrafficNeeds;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How traffic moves in a rollout: the part of a strategy that {@link LifecycleStrategy} does not
 * supply. {@code LifecycleStrategy.of(analysis, movement)} turns it into a {@link Strategy};
 * every built-in strategy is written this way.
 *
 * <p><b>What the lifecycle does, so a movement does not:</b> terminal phases, restart on a new
 * revision, {@code retry}, {@code abort}, the rollback trigger, {@code pause} / {@code resume},
 * the confirm-rollout gate, scaling up and calling pre-rollout hooks at the start, waiting in
 * AwaitingPromotion for confirm-promotion (judging the analysis meanwhile), post-rollout hooks,
 * rollback and abort on stable, and the next look's gates.
 *
 * <p><b>What a movement does</b>, in {@link #progress} (phase Progressing, once per look): wait
 * for the tracks it needs ({@link LifecycleStrategy#waitReady}); on the step where it moves
 * traffic first, check {@link LifecycleStrategy#preRolloutFailure} and report it with
 * {@link LifecycleStrategy#failed}; where {@link #analysisDue} says so, {@link
 * LifecycleStrategy#judge} the analysis first and return its hold or rollback as is (it honours
 * {@code promote}, the no-data policy and the threshold); before raising live traffic, hold
 * while confirm-traffic-increase is closed ({@link LifecycleStrategy#gateOpen}); at its last
 * position (or on {@code promote-full}) call {@link LifecycleStrategy#awaitPromotion}. In
 * {@link #promoting} (phase Promoting): route traffic back to stable, then
 * {@link LifecycleStrategy#succeed}. Every split it writes must be in {@link #trafficNeeds()}.
 *
 * <p><b>Contract.</b> Pure and immutable, like {@link Strategy#step}: no clock (time is
 * {@link Observation#now()}), no randomness, no I/O. {@code StrategyCompatibilityKit} (in
 * {@code stepwise-tck}) checks a strategy built on it against every rule of the contract.
 */
public interface Movement {

    /** The family of the strategy: {@link StrategyKind#CUSTOM} by default. */
    default StrategyKind kind() {
        return StrategyKind.CUSTOM;
    }

    /** A step in phase Progressing: the next position, a hold, or {@link LifecycleStrategy#awaitPromotion}. */
    Transition progress(RolloutState state, Observation observation, LifecycleStrategy lifecycle);

    /** A step in phase Promoting: route traffic back to the promoted stable track, then {@link LifecycleStrategy#succeed}. */
    Transition promoting(RolloutState state, Observation observation, LifecycleStrategy lifecycle);

    /**
     * Whether the step after reaching {@code state} judges an analysis (the engine then runs the
     * checks before that step). Consulted in every phase: also in AwaitingPromotion, where the
     * analysis goes on while it is true.
     */
    boolean analysisDue(RolloutState state);

    /**
     * Steps from the initial state to Succeeded when every gate is open, every track ready and
     * every analysis passes, the lifecycle's start and end steps included.
     */
    int stepsToSuccess(AnalysisPolicy analysis);

    /** Every split this movement may write, on every path (see {@link Strategy#trafficNeeds()}). */
    TrafficNeeds trafficNeeds();

    /**
     * The gates a progressing step may consult, asked for in every progressing look (only those
     * configured). Default: confirm-promotion; add confirm-traffic-increase when the movement
     * raises live traffic in steps.
     */
    default Set<HookType> progressingGates() {
        return Set.of(HookType.CONFIRM_PROMOTION);
    }

    /**
     * A paused step the movement handles itself, before the lifecycle's pause logic (which waits
     * for {@code resume}); empty by default.
     */
    default Optional<Transition> whilePaused(RolloutState state, Observation observation, LifecycleStrategy lifecycle) {
        return Optional.empty();
    }

    /** What is scaled up when a rollout starts: by default {@link LifecycleStrategy#scaleUpCanary}. */
    default List<Action> scaleUpOnStart(RolloutState state, LifecycleStrategy lifecycle) {
        return lifecycle.scaleUpCanary(state);
    }

    /**
     * What happens once confirm-promotion is open: by default {@link LifecycleStrategy#promoteCanary}
     * (copy the canary's template to stable, enter Promoting at promotion step 0).
     */
    default Transition promote(RolloutState state, Observation observation, AnalysisOutcome outcome,
                               LifecycleStrategy lifecycle) {
        return lifecycle.promoteCanary(state, observation, outcome);
    }

    /**
     * Actions that come first when the rollout ends on stable (rollback, abort), before traffic
     * goes to stable: none by default; rolling scales stable back to 100% there.
     */
    default List<Action> beforeEndingOnStable(RolloutState state) {
        return List.of();
    }

    /** The checks judged after reaching {@code state}: by default the strategy's {@code analysis}. */
    default AnalysisPolicy analysisAt(RolloutState state, AnalysisPolicy analysis) {
        return analysis;
    }
}
