package dev.stepwise.strategy;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.traffic.TrafficNeeds;
import java.time.Instant;

/**
 * A rollout strategy: a pure step function over traffic splits.
 *
 * <p><b>Contract.</b> {@link #step} is a pure function: the same state and observation always
 * give an equal transition. It reads no clock (time arrives as {@link Observation#now()}), does no
 * I/O, starts no thread and draws no random number; it never mutates its arguments. It does not
 * throw for any valid state and observation: bad outcomes (failed analyses, closed gates, missing
 * data) are decisions, not exceptions. Implementations are immutable and thread-safe.
 *
 * <p>The engine calls {@code step} once per look (normally once per analysis interval, sooner
 * when an operator command arrives), observing first what the previous transition's
 * {@link dev.stepwise.rollout.NextLook} asked for.
 */
public interface Strategy {

    /** The family of this strategy. */
    StrategyKind kind();

    /** How this strategy's rollouts are judged. */
    AnalysisPolicy analysis();

    /**
     * The checks the analysis asked for after reaching {@code state} runs: by default
     * {@link #analysis()}; a strategy with checks of its own at some positions (an analysis step
     * of a step list) adds them there. Same interval, threshold, no-data policy and webhooks as
     * {@link #analysis()}. Pure.
     */
    default AnalysisPolicy analysisAt(RolloutState state) {
        return analysis();
    }

    /** One step: from {@code state}, given what was observed, to the next state and its actions. */
    Transition step(RolloutState state, Observation observation);

    /** The state a new rollout of {@code revision} starts from. */
    default RolloutState initialState(String revision, Instant now) {
        return RolloutState.initial(revision, now);
    }

    /**
     * How many steps a rollout takes from {@link #initialState} to
     * {@link dev.stepwise.rollout.Phase#SUCCEEDED} when every gate is open, every track ready and
     * every analysis passes. With one step per analysis interval, this times the interval is the
     * shortest possible rollout.
     */
    int stepsToSuccess();

    /**
     * What this strategy needs from a traffic router: every weight it may give a track (on every
     * path a rollout can take: healthy, failing, aborted, restarted, promoted by an operator),
     * and whether it matches requests by header or cookie or mirrors traffic, each with what in
     * its configuration makes it. {@link dev.stepwise.engine.RolloutDefinition} checks it against
     * the router's {@link dev.stepwise.spi.RouterCapabilities} and rejects a strategy the router
     * cannot serve, before anything is touched. Pure; equal configurations give equal needs.
     *
     * <p>Default: {@link TrafficNeeds#wholeSwitches}: weights 0 and 100 only (all traffic on one
     * track), no header match, no mirror. A strategy writing any other split must override it;
     * otherwise the router may refuse that split in the middle of a rollout.
     */
    default TrafficNeeds trafficNeeds() {
        return TrafficNeeds.wholeSwitches("the " + kind() + " strategy");
    }
}
