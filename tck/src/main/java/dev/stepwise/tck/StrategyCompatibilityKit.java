package dev.stepwise.tck;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.NoDataPolicy;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.analysis.Webhook;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficNeeds;
import dev.stepwise.traffic.TrafficSplit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The {@link Strategy} contract as jqwik properties. A strategy proves it keeps the contract with
 * one small class in its tests:
 *
 * <pre>{@code
 * class DoublingCanaryCompatibilityTest extends StrategyCompatibilityKit {
 *     protected Strategy strategy(AnalysisPolicy analysis) { return DoublingCanary.upTo(32, analysis); }
 * }
 * }</pre>
 *
 * <p>The kit generates analysis policies ({@link #analyses()}: threshold 1..3, a no-data
 * allowance of 0..2 intervals, one metric, any subset of gates and hooks) and paths of
 * observations ({@link StrategyMove}: verdicts passing, failing, empty or in error, operator
 * commands, closed gates, a canary not ready, failing hooks, the rollback trigger), drives the
 * strategy along them as the engine does, and checks each rule below on every step. A broken
 * rule fails with its name, the step, and the path of states up to it; jqwik shrinks the path to
 * a short one first. The rules (their names are the constants below):
 * <ul>
 *   <li>{@value #PURITY}: the same state and observation give an equal transition, twice and
 *       from a fresh strategy of the factory (no clock, no randomness, no hidden state);</li>
 *   <li>{@value #VALID_SPLIT}: every split a state holds or an action writes gives each track
 *       0..100 percent, together 100, and mirrors 0..100 percent;</li>
 *   <li>{@value #TERMINAL}: a terminal phase absorbs every further observation of the same
 *       revision without {@code retry}: same state, no action;</li>
 *   <li>{@value #ABORT} and {@value #ROLLBACK_TRIGGER}: from anywhere, abort and an open rollback
 *       trigger end the rollout with every request on stable;</li>
 *   <li>{@value #PAUSE}: pause holds the split until resume, and resume returns to the phase
 *       paused from; {@value #PROMOTE}: promote-full from anywhere ends in Succeeded within
 *       {@code stepsToSuccess()} healthy steps, and promote is never judged a failure;</li>
 *   <li>{@value #FAILING_ANALYSIS} and {@value #MISSING_DATA}: a step judging a failing (or
 *       erroneous) or an empty analysis, without an operator's promote or resume, never advances,
 *       promotes or finishes, and never raises the canary's traffic;</li>
 *   <li>{@value #TRAFFIC_NEEDS}: {@code trafficNeeds()} covers every split the strategy writes;</li>
 *   <li>{@value #STEPS_TO_SUCCESS}: a healthy rollout succeeds in exactly {@code stepsToSuccess()}
 *       steps.</li>
 * </ul>
 * Run with the jqwik engine (the {@code net.jqwik:jqwik} test dependency).
 */
public abstract class StrategyCompatibilityKit {

    /** Rule: same inputs, same transition. */
    public static final String PURITY = "purity";
    /** Rule: every split is valid. */
    public static final String VALID_SPLIT = "valid split";
    /** Rule: terminal phases stay terminal. */
    public static final String TERMINAL = "terminal phases stay terminal";
    /** Rule: abort reaches stable 100%. */
    public static final String ABORT = "abort reaches stable";
    /** Rule: the rollback trigger reaches stable 100%. */
    public static final String ROLLBACK_TRIGGER = "rollback trigger reaches stable";
    /** Rule: pause and resume are honoured. */
    public static final String PAUSE = "pause and resume honoured";
    /** Rule: promote and promote-full are honoured. */
    public static final String PROMOTE = "promote honoured";
    /** Rule: a failing analysis never advances. */
    public static final String FAILING_ANALYSIS = "failing analysis never advances";
    /** Rule: missing data never promotes. */
    public static final String MISSING_DATA = "missing data never promotes";
    /** Rule: trafficNeeds() covers every split written. */
    public static final String TRAFFIC_NEEDS = "trafficNeeds covers every split";
    /** Rule: stepsToSuccess() is exact. */
    public static final String STEPS_TO_SUCCESS = "stepsToSuccess is exact";

    private static final Set<Decision> MOVING = Set.of(Decision.ADVANCE, Decision.CONTINUE, Decision.PROMOTE,
            Decision.FINALIZE, Decision.SUCCEED);

    /** The strategy under test, judged by {@code analysis}; equal analyses must give equal strategies. */
    protected abstract Strategy strategy(AnalysisPolicy analysis);

    /**
     * The analysis policies the kit tries: threshold 1..3, no-data allowance 0..2, one metric,
     * any subset of gates and hooks. Override to narrow them (a strategy that needs a webhook of
     * its own, say).
     */
    @Provide
    protected Arbitrary<AnalysisPolicy> analyses() {
        List<HookType> hooks = List.of(HookType.CONFIRM_ROLLOUT, HookType.CONFIRM_TRAFFIC_INCREASE,
                HookType.CONFIRM_PROMOTION, HookType.PRE_ROLLOUT, HookType.POST_ROLLOUT, HookType.ROLLBACK, HookType.ROLLOUT);
        return Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(0, 2),
                Arbitraries.of(hooks).set()).as((threshold, hold, types) -> {
                    AnalysisPolicy.Builder b = AnalysisPolicy.builder().threshold(threshold).noData(new NoDataPolicy(hold))
                            .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99)));
                    hooks.stream().filter(types::contains)
                            .forEach(h -> b.webhook(Webhook.of(h.label(), h, "http://hooks.kit/" + h.label())));
                    return b.build();
                });
    }

    /** Paths of up to 60 moves; most are healthy-ish, some carry a command. */
    @Provide
    protected Arbitrary<List<StrategyMove>> paths() {
        Arbitrary<Optional<Command>> commands = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, Arbitraries.just(Optional.<Command>empty())),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(Command.values()).map(Optional::of)));
        Arbitrary<Verdict.Status> statuses = Arbitraries.frequency(net.jqwik.api.Tuple.of(6, Verdict.Status.PASS),
                net.jqwik.api.Tuple.of(2, Verdict.Status.FAIL), net.jqwik.api.Tuple.of(2, Verdict.Status.NO_DATA),
                net.jqwik.api.Tuple.of(1, Verdict.Status.ERROR));
        Arbitrary<Boolean> rarely = Arbitraries.integers().between(0, 9).map(i -> i == 0);
        Arbitrary<StrategyMove> moves = Combinators.combine(statuses, commands, rarely, rarely, rarely,
                Arbitraries.integers().between(0, 29).map(i -> i == 0)).as(StrategyMove::new);
        return moves.list().ofMaxSize(60);
    }

    private StrategyWalk walk(AnalysisPolicy analysis, List<StrategyMove> path) {
        return new StrategyWalk(() -> strategy(analysis)).walk(path);
    }

    @Property(tries = 200)
    @Label("purity, valid splits and trafficNeeds() on every step of every path")
    void every_step_is_pure_valid_and_declared(@ForAll("analyses") AnalysisPolicy analysis,
                                               @ForAll("paths") List<StrategyMove> path) {
        StrategyWalk walk = walk(analysis, path); // purity is checked on every step by the walk itself
        TrafficNeeds needs = walk.strategy().trafficNeeds();
        for (int i = 0; i < walk.steps().size(); i++) {
            Transition t = walk.steps().get(i).transition();
            checkSplit(walk, i, needs, t.state().split(), "the state's split");
            for (Action action : t.actions()) {
                if (action instanceof Action.SetTraffic set) {
                    checkSplit(walk, i, needs, set.split(), "the split written by " + action);
                }
            }
        }
    }

    private static void checkSplit(StrategyWalk walk, int at, TrafficNeeds needs, TrafficSplit split, String what) {
        int sum = 0;
        for (Track track : Track.values()) {
            int w = split.weight(track);
            sum += w;
            if (w < 0 || w > 100) {
                throw walk.broken(VALID_SPLIT, at, what + " gives " + track + " " + w + "%");
            }
        }
        if (sum != 100 || split.mirrorPercent() < 0 || split.mirrorPercent() > 100) {
            throw walk.broken(VALID_SPLIT, at, what + " " + split + " does not add up to 100% or mirrors outside 0..100");
        }
        if (!needs.covers(split)) {
            throw walk.broken(TRAFFIC_NEEDS, at, what + " " + split + " is not covered by trafficNeeds() " + needs);
        }
    }

    @Property(tries = 200)
    @Label("a failing or empty analysis never advances, promotes or raises the canary's traffic")
    void failing_or_missing_analyses_never_advance(@ForAll("analyses") AnalysisPolicy analysis,
                                                   @ForAll("paths") List<StrategyMove> path) {
        StrategyWalk walk = walk(analysis, path);
        for (int i = 0; i < walk.steps().size(); i++) {
            StrategyWalk.Step step = walk.steps().get(i);
            if (step.observation().verdicts().isEmpty()
                    || StrategyWalk.commanded(step, Command.PROMOTE, Command.PROMOTE_FULL, Command.RESUME)) {
                continue;
            }
            Verdict.Status status = step.move().status();
            if (status == Verdict.Status.PASS) {
                continue;
            }
            String rule = status == Verdict.Status.NO_DATA ? MISSING_DATA : FAILING_ANALYSIS;
            Transition t = step.transition();
            if (MOVING.contains(t.decision()) || t.analysis() == AnalysisOutcome.PASS) {
                throw walk.broken(rule, i, "after " + status + " verdicts the decision was " + t.decision()
                        + " (analysis " + t.analysis() + ")");
            }
            if (raises(step.before().split(), t.state().split())) {
                throw walk.broken(rule, i, "after " + status + " verdicts the canary's traffic rose from "
                        + step.before().split() + " to " + t.state().split());
            }
        }
    }

    private static boolean raises(TrafficSplit from, TrafficSplit to) {
        return to.canary() > from.canary() || to.mirrorPercent() > from.mirrorPercent()
                || (to.matches().size() > from.matches().size());
    }

    @Property(tries = 200)
    @Label("terminal phases absorb every observation of the same revision without retry")
    void terminal_phases_stay_terminal(@ForAll("analyses") AnalysisPolicy analysis,
                                       @ForAll("paths") List<StrategyMove> path) {
        StrategyWalk walk = walk(analysis, path);
        if (!walk.state().phase().isTerminal()) {
            walk.step(StrategyMove.healthy().withCommand(Optional.of(Command.ABORT)));
        }
        for (StrategyMove move : path) {
            if (move.command().equals(Optional.of(Command.RETRY))) {
                continue;
            }
            RolloutState ended = walk.state();
            Transition t = walk.step(move);
            if (!t.state().equals(ended) || !t.actions().isEmpty()) {
                throw walk.broken(TERMINAL, walk.steps().size() - 1, ended.phase() + " was left or acted in: "
                        + t.state().phase() + ", actions " + t.actions());
            }
        }
    }

    @Property(tries = 200)
    @Label("abort and the rollback trigger end the rollout with every request on stable")
    void abort_and_rollback_trigger_reach_stable(@ForAll("analyses") AnalysisPolicy analysis,
                                                 @ForAll("paths") List<StrategyMove> path,
                                                 @ForAll boolean byTrigger) {
        AnalysisPolicy withTrigger = byTrigger && !analysis.has(HookType.ROLLBACK) ? new AnalysisPolicy(analysis.interval(),
                analysis.threshold(), analysis.noData(), analysis.metrics(), append(analysis.webhooks(),
                Webhook.of("rollback", HookType.ROLLBACK, "http://hooks.kit/rollback"))) : analysis;
        StrategyWalk walk = walk(withTrigger, path);
        if (walk.state().phase().isTerminal()) {
            return;
        }
        Transition t = walk.step(byTrigger ? new StrategyMove(Verdict.Status.PASS, Optional.empty(), false, false, false, true)
                : StrategyMove.healthy().withCommand(Optional.of(Command.ABORT)));
        Phase expected = byTrigger ? Phase.ROLLED_BACK : Phase.ABORTED;
        if (t.state().phase() != expected || !t.state().split().isAllStable()) {
            throw walk.broken(byTrigger ? ROLLBACK_TRIGGER : ABORT, walk.steps().size() - 1,
                    "expected " + expected + " with every request on stable, got " + t.state().phase() + " at " + t.state().split());
        }
    }

    private static List<Webhook> append(List<Webhook> webhooks, Webhook more) {
        List<Webhook> all = new java.util.ArrayList<>(webhooks);
        all.add(more);
        return all;
    }

    @Property(tries = 200)
    @Label("pause holds the split until resume; resume returns to the phase paused from")
    void pause_and_resume_are_honoured(@ForAll("analyses") AnalysisPolicy analysis,
                                       @ForAll("paths") List<StrategyMove> path) {
        StrategyWalk walk = walk(analysis, path);
        RolloutState before = walk.state();
        if (before.phase().isTerminal() || before.phase() == Phase.PAUSED) {
            return;
        }
        walk.step(StrategyMove.healthy().withCommand(Optional.of(Command.PAUSE)));
        for (StrategyMove move : path) {
            StrategyMove quiet = move.withCommand(Optional.empty()).withoutRollbackTrigger();
            Transition t = walk.step(quiet);
            if (t.state().phase() != Phase.PAUSED || !t.state().split().equals(before.split())) {
                throw walk.broken(PAUSE, walk.steps().size() - 1, "paused at " + before.split() + " but went to "
                        + t.state().phase() + " at " + t.state().split() + " without resume");
            }
        }
        Transition resumed = walk.step(StrategyMove.healthy().withCommand(Optional.of(Command.RESUME)));
        if (resumed.state().phase() != before.phase() || !resumed.state().split().equals(before.split())) {
            throw walk.broken(PAUSE, walk.steps().size() - 1, "resume from a pause in " + before.phase() + " at "
                    + before.split() + " went to " + resumed.state().phase() + " at " + resumed.state().split());
        }
    }

    @Property(tries = 200)
    @Label("promote-full from anywhere succeeds within stepsToSuccess() healthy steps; promote is never a failure")
    void promote_is_honoured(@ForAll("analyses") AnalysisPolicy analysis, @ForAll("paths") List<StrategyMove> path) {
        StrategyWalk walk = walk(analysis, path);
        if (walk.state().phase().isTerminal()) {
            return;
        }
        if (walk.state().phase() == Phase.PAUSED) {
            walk.step(StrategyMove.healthy().withCommand(Optional.of(Command.RESUME)));
        }
        Transition promoted = walk.step(StrategyMove.healthy().withStatus(Verdict.Status.FAIL)
                .withCommand(Optional.of(Command.PROMOTE_FULL)));
        if (promoted.analysis() == AnalysisOutcome.FAIL) {
            throw walk.broken(PROMOTE, walk.steps().size() - 1, "promote-full was judged a failure: " + promoted.decision());
        }
        if (promoted.state().phase().isTerminal()) {
            return; // ended by something else the path did (a failed hook, say)
        }
        int from = walk.steps().size();
        int limit = walk.strategy().stepsToSuccess();
        walk.healthyUntilEnd(limit);
        if (walk.state().phase() != Phase.SUCCEEDED) {
            throw walk.broken(PROMOTE, walk.steps().size() - 1, "promote-full then " + limit
                    + " healthy steps (stepsToSuccess) did not succeed, ended " + walk.state().phase()
                    + " after " + (walk.steps().size() - from));
        }
    }

    @Property(tries = 100)
    @Label("a healthy rollout succeeds in exactly stepsToSuccess() steps")
    void steps_to_success_is_exact(@ForAll("analyses") AnalysisPolicy analysis) {
        StrategyWalk walk = new StrategyWalk(() -> strategy(analysis));
        int expected = walk.strategy().stepsToSuccess();
        walk.healthyUntilEnd(expected + 1);
        if (walk.state().phase() != Phase.SUCCEEDED || walk.steps().size() != expected) {
            throw walk.broken(STEPS_TO_SUCCESS, walk.steps().size() - 1, "stepsToSuccess() is " + expected
                    + " but a healthy rollout was " + walk.state().phase() + " after " + walk.steps().size() + " steps");
        }
    }
}
