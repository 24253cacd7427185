package dev.stepwise.strategy;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.HookResult;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.NextLook;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficNeeds;
import dev.stepwise.traffic.TrafficSplit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The lifecycle every strategy shares, composed with a {@link Movement} that supplies only how
 * traffic moves. Every built-in strategy is this lifecycle with a movement of its own; a strategy
 * written this way inherits gates, hooks, operator commands, the no-data policy, the failure
 * threshold, promotion and rollback. A strategy that wants full control implements
 * {@link Strategy} directly instead.
 *
 * <p>Order of checks in one step: a terminal phase absorbs everything but a new revision and
 * {@code retry}; a new revision restarts from the start; {@code abort} aborts; an open rollback
 * trigger rolls back; {@code pause} / {@code resume}; then the phase's own logic:
 * Initializing (confirm-rollout gate, {@link Movement#scaleUpOnStart}, pre-rollout hooks),
 * Progressing ({@link Movement#progress}), AwaitingPromotion (the analysis goes on while
 * {@link Movement#analysisDue}; confirm-promotion gate, then {@link Movement#promote}),
 * Promoting ({@link Movement#promoting}, which ends with {@link #succeed}).
 *
 * <p>The public methods below are the building blocks a movement calls: {@link #judge} the
 * analysis, {@link #failed} for a failed check, {@link #awaitPromotion} when the last position
 * passed, {@link #succeed} when traffic is back on stable, {@link #lookAgain} for the next look.
 * Immutable and thread-safe when the movement is; pure when the movement is.
 */
public final class LifecycleStrategy implements Strategy {

    private final AnalysisPolicy analysis;
    private final boolean baseline;
    private final Movement movement;

    private LifecycleStrategy(AnalysisPolicy analysis, boolean baseline, Movement movement) {
        this.analysis = Objects.requireNonNull(analysis, "analysis");
        this.baseline = baseline;
        this.movement = Objects.requireNonNull(movement, "movement");
    }

    /** The lifecycle around {@code movement}, judged by {@code analysis}, without a baseline track. */
    public static LifecycleStrategy of(AnalysisPolicy analysis, Movement movement) {
        return new LifecycleStrategy(analysis, false, movement);
    }

    /**
     * The lifecycle around {@code movement}; with {@code baseline}, a baseline track (the old
     * revision, fresh pods) is scaled up and down with the canary.
     */
    public static LifecycleStrategy of(AnalysisPolicy analysis, boolean baseline, Movement movement) {
        return new LifecycleStrategy(analysis, baseline, movement);
    }

    /** The movement this lifecycle is composed with. */
    public Movement movement() {
        return movement;
    }

    /** Whether a baseline track is scaled with the canary. */
    public boolean baseline() {
        return baseline;
    }

    /** The movement's kind; {@link StrategyKind#CUSTOM} unless it says otherwise. */
    @Override
    public StrategyKind kind() {
        return movement.kind();
    }

    /** The movement's count: {@link Movement#stepsToSuccess}. */
    @Override
    public int stepsToSuccess() {
        return movement.stepsToSuccess(analysis);
    }

    /** The movement's needs: {@link Movement#trafficNeeds}. */
    @Override
    public TrafficNeeds trafficNeeds() {
        return movement.trafficNeeds();
    }

    /** The movement's checks at {@code state}: {@link Movement#analysisAt}, by default {@link #analysis()}. */
    @Override
    public AnalysisPolicy analysisAt(RolloutState state) {
        return movement.analysisAt(state, analysis);
    }

    @Override
    public AnalysisPolicy analysis() {
        return analysis;
    }

    @Override
    public Transition step(RolloutState state, Observation obs) {
        if (state.phase().isTerminal()) {
            if (!obs.revision().equals(state.revision())) {
                return restart(state, obs, "new revision " + obs.revision() + " after " + state.phase());
            }
            if (obs.has(Command.RETRY) && state.phase() != Phase.SUCCEEDED) {
                return restart(state, obs, "retry of revision " + state.revision());
            }
            return new Transition(state, List.of(), Decision.NONE, AnalysisOutcome.NONE,
                    "rollout of " + state.revision() + " ended: " + state.phase(), NextLook.never());
        }
        if (!obs.revision().equals(state.revision())) {
            return restart(state, obs, "new revision " + obs.revision() + " replaces " + state.revision());
        }
        if (obs.has(Command.ABORT)) {
            return endOnStable(state, obs, Phase.ABORTED, Decision.ABORT, AnalysisOutcome.NONE, "aborted by operator");
        }
        if (obs.isOpen(HookType.ROLLBACK)) {
            return endOnStable(state, obs, Phase.ROLLED_BACK, Decision.ROLL_BACK, AnalysisOutcome.NONE,
                    "rollback requested by the rollback webhook");
        }
        if (state.phase() == Phase.PAUSED) {
            Optional<Transition> own = whilePaused(state, obs);
            if (own.isPresent()) {
                return own.get();
            }
            if (!obs.has(Command.RESUME)) {
                return new Transition(state, List.of(), Decision.NONE, AnalysisOutcome.NONE,
                        "paused", lookAgain(state, false));
            }
            RolloutState resumed = state.withPhase(Objects.requireNonNull(state.pausedFrom())).atStep(state.stepIndex(), obs.now())
                    .withCounters(state.passedAnalyses(), state.failedAnalyses(), 0);
            return new Transition(resumed, List.of(Action.Emit.info("Resumed by operator")), Decision.RESUME,
                    AnalysisOutcome.NONE, "resumed by operator", lookAgain(resumed, analysisDue(resumed)));
        }
        if (obs.has(Command.PAUSE)) {
            RolloutState paused = state.pausedFrom(state.phase());
            return new Transition(paused, List.of(Action.Emit.info("Paused by operator")), Decision.PAUSE,
                    AnalysisOutcome.NONE, "paused by operator", lookAgain(paused, false));
        }
        return switch (state.phase()) {
            case INITIALIZING -> start(state, obs, Decision.START, "");
            case PROGRESSING -> progress(state, obs);
            case AWAITING_PROMOTION -> awaiting(state, obs);
            case PROMOTING -> promoting(state, obs);
            default -> throw new IllegalStateException("unreachable phase " + state.phase());
        };
    }

    private Transition progress(RolloutState state, Observation obs) {
        return movement.progress(state, obs, this);
    }

    private Transition promoting(RolloutState state, Observation obs) {
        return movement.promoting(state, obs, this);
    }

    private HookType[] progressingGates() {
        return movement.progressingGates().toArray(HookType[]::new);
    }

    private Optional<Transition> whilePaused(RolloutState state, Observation obs) {
        return movement.whilePaused(state, obs, this);
    }

    /** Whether the step after reaching {@code state} judges an analysis: {@link Movement#analysisDue}. */
    public boolean analysisDue(RolloutState state) {
        return movement.analysisDue(state);
    }

    // ---- shared edges -------------------------------------------------------------------------

    /** A new rollout of the observed revision, starting in this very step. */
    private Transition restart(RolloutState state, Observation obs, String reason) {
        RolloutState fresh = initialState(obs.revision(), obs.now()).withVersion(state.version());
        Transition started = start(fresh, obs, Decision.RESTART, reason);
        if (state.split().isAllStable()) {
            return started;
        }
        List<Action> actions = new ArrayList<>();
        actions.add(new Action.SetTraffic(TrafficSplit.allStable()));
        actions.addAll(started.actions());
        return new Transition(started.state(), actions, started.decision(), started.analysis(),
                started.reason(), started.next());
    }

    /** Initializing: the confirm-rollout gate, then scale up and run pre-rollout hooks. */
    private Transition start(RolloutState state, Observation obs, Decision decision, String reason) {
        if (!gateOpen(HookType.CONFIRM_ROLLOUT, obs)) {
            String why = join(reason, "waiting for confirm-rollout");
            return new Transition(state.withPhase(Phase.INITIALIZING), List.of(), decision == Decision.START
                    ? Decision.WAIT : decision, AnalysisOutcome.NONE, why,
                    look(state, false, HookType.CONFIRM_ROLLOUT));
        }
        List<Action> actions = new ArrayList<>(movement.scaleUpOnStart(state, this));
        if (analysis.has(HookType.PRE_ROLLOUT)) {
            actions.add(new Action.CallWebhook(HookType.PRE_ROLLOUT));
        }
        actions.add(Action.Emit.info("Rollout of revision " + state.revision() + " started"));
        RolloutState next = state.withPhase(Phase.PROGRESSING).atStep(-1, obs.now())
                .withCounters(0, state.failedAnalyses(), 0);
        return new Transition(next, actions, decision, AnalysisOutcome.NONE,
                join(reason, "starting revision " + state.revision()), lookAgain(next, analysisDue(next)));
    }

    /**
     * What a rollout scales up when it starts by default ({@link Movement#scaleUpOnStart}): the
     * canary (and the baseline, if any) to 100% of the target's replicas. Rolling scales in
     * batches instead.
     */
    public List<Action> scaleUpCanary(RolloutState state) {
        List<Action> actions = new ArrayList<>();
        actions.add(new Action.ScaleTrack(Track.CANARY, 100));
        if (baseline) {
            actions.add(new Action.ScaleTrack(Track.BASELINE, 100));
        }
        return actions;
    }

    /**
     * Why the pre-rollout hooks asked for when the rollout started failed; empty when none are
     * configured or they passed. A missing result counts as a failure: a hook that was asked for
     * must answer. A movement checks it on its first progressing step, before it moves traffic.
     */
    public Optional<String> preRolloutFailure(Observation obs) {
        if (!analysis.has(HookType.PRE_ROLLOUT)) {
            return Optional.empty();
        }
        Optional<HookResult> result = obs.hookResult(HookType.PRE_ROLLOUT);
        if (result.isEmpty()) {
            return Optional.of("pre-rollout webhook result missing");
        }
        return result.get().succeeded() ? Optional.empty() : Optional.of("pre-rollout webhook failed: " + result.get().message());
    }

    /**
     * A failed check: count it, and roll back at the threshold; otherwise hold (with
     * {@code retryActions}, e.g. calling a failed hook again) and ask again.
     */
    public Transition failed(RolloutState state, Observation obs, AnalysisOutcome outcome, String reason,
                      List<Action> retryActions) {
        int failed = state.failedAnalyses() + 1;
        int noData = outcome == AnalysisOutcome.NO_DATA ? state.noDataIntervals() + 1 : 0;
        RolloutState counted = state.withCounters(state.passedAnalyses(), failed, noData);
        String why = reason + " (failed " + failed + " of threshold " + analysis.threshold() + ")";
        if (failed >= analysis.threshold()) {
            return endOnStable(counted, obs, Phase.ROLLED_BACK, Decision.ROLL_BACK, outcome, why);
        }
        List<Action> actions = new ArrayList<>(retryActions);
        actions.add(Action.Emit.warning("Hold: " + why));
        return new Transition(counted, actions, Decision.HOLD, outcome, why, lookAgain(counted, analysisDue(counted)));
    }

    /**
     * Judges the analysis of this step. {@code promote} skips it (counts as a pass). Returns a
     * hold or rollback transition when it did not pass, empty when it passed: a critical failure
     * rolls back at once. A judge's hold alone (every other check passed) is empty too: the steps
     * go on while a judge collects evidence, and {@link #awaitPromotion} holds the promotion.
     */
    public Optional<Transition> judge(RolloutState state, Observation obs) {
        if (obs.has(Command.PROMOTE) || obs.has(Command.PROMOTE_FULL)) {
            return Optional.empty();
        }
        AnalysisOutcome outcome = AnalysisOutcome.combine(obs.verdicts(), analysisAt(state).expectedVerdicts());
        if (outcome == AnalysisOutcome.PASS) {
            return Optional.empty();
        }
        String detail = describe(obs);
        if (outcome == AnalysisOutcome.FAIL && obs.verdicts().stream().anyMatch(Verdict::critical)) {
            return Optional.of(critical(state, obs, detail));
        }
        if (outcome == AnalysisOutcome.FAIL) {
            return Optional.of(failed(state, obs, outcome, "analysis failed: " + detail, List.of()));
        }
        if (outcome == AnalysisOutcome.HOLD) {
            // a judge still collecting never holds the weight: the checks passed, the steps go on,
            // and only promotion waits for the judge (awaitPromotion)
            return Optional.empty();
        }
        int noData = state.noDataIntervals() + 1;
        if (analysis.noData().countsAsFailure(noData)) {
            return Optional.of(failed(state, obs, outcome, "no data for " + noData + " intervals in a row: " + detail,
                    List.of()));
        }
        RolloutState held = state.withCounters(state.passedAnalyses(), state.failedAnalyses(), noData);
        String why = "no data (" + noData + " of " + analysis.noData().holdIntervals() + " intervals held): " + detail;
        return Optional.of(new Transition(held, List.of(Action.Emit.info("Hold: " + why)), Decision.HOLD, outcome, why,
                lookAgain(held, true)));
    }

    /** A critical failure (a judge found the canary harmful): roll back now, whatever the threshold. */
    Transition critical(RolloutState state, Observation obs, String detail) {
        RolloutState counted = state.withCounters(state.passedAnalyses(), state.failedAnalyses() + 1, 0);
        return endOnStable(counted, obs, Phase.ROLLED_BACK, Decision.ROLL_BACK, AnalysisOutcome.FAIL,
                "critical check failed, rolling back at once: " + detail);
    }

    /** A judge needs more evidence before promotion: hold, counting neither a failure nor an interval without data. */
    Transition held(RolloutState state, String detail) {
        String why = "judges collecting evidence: " + detail;
        return new Transition(state, List.of(Action.Emit.info("Hold: " + why)), Decision.HOLD, AnalysisOutcome.HOLD,
                why, lookAgain(state, true));
    }

    /**
     * A position that needs {@code iterations} passing analyses (blue/green preview, A/B test):
     * judge this step's analysis; a pass counts, and the last one (or {@code promote-full})
     * goes on to promotion; otherwise continue at the same position.
     *
     * @param what names the position in events, e.g. {@code "preview of v2"}
     */
    public Transition iterate(RolloutState state, Observation obs, int iterations, String what) {
        Optional<Transition> notPassed = judge(state, obs);
        if (notPassed.isPresent()) {
            return notPassed.get();
        }
        AnalysisOutcome outcome = skipsAnalysis(obs) ? AnalysisOutcome.NONE : AnalysisOutcome.PASS;
        int count = state.passedAnalyses() + 1;
        RolloutState passed = state.withCounters(count, state.failedAnalyses(), 0);
        if (count >= iterations || obs.has(Command.PROMOTE_FULL)) {
            return awaitPromotion(passed, obs, outcome);
        }
        String why = join(passReason(obs), "iteration " + count + " of " + iterations);
        return new Transition(passed, List.of(Action.Emit.info(what + ": " + why)), Decision.CONTINUE, outcome, why,
                lookAgain(passed, analysisDue(passed)));
    }

    /** Whether an operator's promote or promote-full skips this step's analysis. */
    public static boolean skipsAnalysis(Observation obs) {
        return obs.has(Command.PROMOTE) || obs.has(Command.PROMOTE_FULL);
    }

    /** Why a pass is a pass, for reasons: the operator's promote, or the analysis. */
    public static String passReason(Observation obs) {
        if (obs.has(Command.PROMOTE_FULL)) {
            return "promoted fully by operator";
        }
        if (obs.has(Command.PROMOTE)) {
            return "step promoted by operator";
        }
        return obs.verdicts().stream().anyMatch(v -> v.status() == Verdict.Status.HOLD)
                ? "analysis passed, judges still collecting" : "analysis passed";
    }

    /**
     * Awaiting promotion: the canary keeps its traffic, so the analysis goes on (as in Flagger)
     * and can still roll the rollout back; promotes once confirm-promotion opens.
     */
    private Transition awaiting(RolloutState state, Observation obs) {
        if (!analysisDue(state)) {
            return awaitPromotion(state, obs, AnalysisOutcome.NONE);
        }
        Optional<Transition> notPassed = judge(state, obs);
        if (notPassed.isPresent()) {
            return notPassed.get();
        }
        return awaitPromotion(state.withCounters(state.passedAnalyses(), state.failedAnalyses(), 0), obs,
                obs.has(Command.PROMOTE) || obs.has(Command.PROMOTE_FULL) ? AnalysisOutcome.NONE : AnalysisOutcome.PASS);
    }

    /** Whether a judge of this step's analysis is still collecting (and no operator skipped the analysis). */
    private static boolean judgesCollecting(Observation obs) {
        return !skipsAnalysis(obs) && obs.verdicts().stream().anyMatch(v -> v.status() == Verdict.Status.HOLD);
    }

    /**
     * Every gate check before promotion, after the judges: while one is still collecting
     * evidence ({@link Verdict.Status#HOLD}) the promotion holds, counting nothing; promotes ({@link Movement#promote}) when
     * confirm-promotion is open, otherwise waits in AwaitingPromotion.
     */
    public Transition awaitPromotion(RolloutState state, Observation obs, AnalysisOutcome outcome) {
        if (judgesCollecting(obs)) {
            return held(state, "promotion waits for them: " + describe(obs));
        }
        if (!gateOpen(HookType.CONFIRM_PROMOTION, obs)) {
            RolloutState waiting = state.withPhase(Phase.AWAITING_PROMOTION);
            return new Transition(waiting, List.of(), Decision.WAIT, outcome, "waiting for confirm-promotion",
                    look(waiting, analysisDue(waiting), HookType.CONFIRM_PROMOTION));
        }
        return movement.promote(state, obs, outcome, this);
    }

    /**
     * What happens by default once confirm-promotion is open ({@link Movement#promote}): copy the
     * canary's template to stable and enter Promoting at promotion step 0. Blue/green switches
     * traffic instead.
     */
    public Transition promoteCanary(RolloutState state, Observation obs, AnalysisOutcome outcome) {
        RolloutState promoting = state.withPhase(Phase.PROMOTING).atStep(0, obs.now())
                .withCounters(0, state.failedAnalyses(), 0);
        List<Action> actions = List.of(new Action.PromoteCanary(state.revision()),
                Action.Emit.info("Promoting revision " + state.revision() + ": copying the canary template to stable"));
        return new Transition(promoting, actions, Decision.PROMOTE, outcome,
                join(outcome == AnalysisOutcome.NONE ? "" : passReason(obs), "promoting " + state.revision()),
                lookAgain(promoting, false));
    }

    /** The last step of a promotion: canary (and baseline) down, post-rollout hooks, Succeeded. */
    public Transition succeed(RolloutState state, Observation obs) {
        List<Action> actions = new ArrayList<>(scaleDown());
        if (analysis.has(HookType.POST_ROLLOUT)) {
            actions.add(new Action.CallWebhook(HookType.POST_ROLLOUT));
        }
        actions.add(Action.Emit.info("Revision " + state.revision() + " promoted: rollout succeeded"));
        RolloutState done = state.withPhase(Phase.SUCCEEDED).withSplit(TrafficSplit.allStable()).atStep(state.stepIndex(), obs.now());
        return new Transition(done, actions, Decision.SUCCEED, AnalysisOutcome.NONE,
                "canary scaled down; " + state.revision() + " is stable", NextLook.never());
    }

    /**
     * Rollback or abort: every request to stable at once, canary down, post-rollout hooks. A
     * movement uses it to roll back at once (blue/green after its switch).
     */
    public Transition endOnStable(RolloutState state, Observation obs, Phase phase, Decision decision,
                                  AnalysisOutcome outcome, String reason) {
        List<Action> actions = new ArrayList<>(movement.beforeEndingOnStable(state));
        actions.add(new Action.SetTraffic(TrafficSplit.allStable()));
        actions.addAll(scaleDown());
        if (analysis.has(HookType.POST_ROLLOUT)) {
            actions.add(new Action.CallWebhook(HookType.POST_ROLLOUT));
        }
        actions.add(Action.Emit.warning((phase == Phase.ABORTED ? "Aborted: " : "Rolled back: ") + reason));
        RolloutState ended = state.withPhase(phase).withSplit(TrafficSplit.allStable()).atStep(state.stepIndex(), obs.now())
                .withCounters(0, state.failedAnalyses(), state.noDataIntervals());
        return new Transition(ended, actions, decision, outcome, reason, NextLook.never());
    }

    private List<Action> scaleDown() {
        List<Action> actions = new ArrayList<>();
        actions.add(new Action.ScaleTrack(Track.CANARY, 0));
        if (baseline) {
            actions.add(new Action.ScaleTrack(Track.BASELINE, 0));
        }
        return actions;
    }

    /** A closed gate holds; an unconfigured gate is open. */
    public boolean gateOpen(HookType gate, Observation obs) {
        return !analysis.has(gate) || obs.isOpen(gate);
    }

    /** Wait for a track to become ready, observing what the state needs. */
    public Transition waitReady(RolloutState state, Track track) {
        return new Transition(state, List.of(), Decision.WAIT, AnalysisOutcome.NONE,
                track + " track not ready", lookAgain(state, analysisDue(state)));
    }

    /**
     * The standard next look: one interval, the rollback trigger while running, and the gates the
     * phase may need (confirm-rollout while initializing; confirm-traffic-increase and
     * confirm-promotion while progressing; confirm-promotion while awaiting promotion).
     */
    public NextLook lookAgain(RolloutState state, boolean withAnalysis) {
        Phase phase = state.phase() == Phase.PAUSED ? Objects.requireNonNull(state.pausedFrom()) : state.phase();
        return switch (phase) {
            case INITIALIZING -> look(state, withAnalysis, HookType.CONFIRM_ROLLOUT);
            case PROGRESSING -> look(state, withAnalysis, progressingGates());
            case AWAITING_PROMOTION -> look(state, withAnalysis, HookType.CONFIRM_PROMOTION);
            default -> look(state, withAnalysis);
        };
    }

    /**
     * A look after one interval, with the analysis when {@code withAnalysis}, each of
     * {@code extraGates} that is configured, and the rollback trigger while the rollout runs.
     */
    public NextLook look(RolloutState state, boolean withAnalysis, HookType... extraGates) {
        Set<HookType> gates = EnumSet.noneOf(HookType.class);
        for (HookType gate : extraGates) {
            if (analysis.has(gate)) {
                gates.add(gate);
            }
        }
        if (!state.phase().isTerminal() && analysis.has(HookType.ROLLBACK)) {
            gates.add(HookType.ROLLBACK);
        }
        return new NextLook(analysis.interval(), withAnalysis, gates);
    }

    /** The observed verdicts, for reasons and events; {@code "no verdicts"} when there are none. */
    public static String describe(Observation obs) {
        if (obs.verdicts().isEmpty()) {
            return "no verdicts";
        }
        StringBuilder sb = new StringBuilder();
        obs.verdicts().forEach(v -> sb.append(sb.length() == 0 ? "" : "; ").append(v));
        return sb.toString();
    }

    /** Two reasons joined with {@code "; "}, leaving out an empty one. */
    public static String join(String first, String second) {
        if (first == null || first.isEmpty()) {
            return second;
        }
        return second.isEmpty() ? first : first + "; " + second;
    }

    @Override
    public String toString() {
        return "LifecycleStrategy[" + movement + ", baseline " + baseline + ", analysis every " + analysis.interval()
                + ", threshold " + analysis.threshold() + "]";
    }
}
