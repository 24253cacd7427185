package dev.stepwise.strategy;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.NextLook;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.time.Durations;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficNeeds;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A canary that runs an explicit list of {@link CanaryStep steps} in order, as Argo Rollouts'
 * {@code canary.steps}, on the lifecycle every built-in strategy shares (abort, rollback trigger,
 * operator commands, gates, no-data policy, threshold).
 *
 * <p>{@link RolloutState#stepIndex()} is the index of the step in force (-1 before the first).
 * Each step takes one look (one analysis interval) before the next is applied, except: a timed
 * pause takes {@code ceil(duration / interval)} looks, an analysis step {@code iterations}
 * passing looks, and a pause without a duration puts the rollout in {@link Phase#PAUSED} until
 * an operator's {@code promote} or {@code resume} (either goes on to the next step at once).
 * At every look where the canary serves traffic (a weight, a header route or a mirror) the
 * rollout's own checks are judged, during timed and indefinite pauses too; an analysis step adds
 * its own checks at that step only. A failure counts towards the threshold; the one that reaches
 * it rolls back. After the last step: confirm-promotion, promotion (the mirror ends), then every
 * request back to stable in one step (header routes end), and Succeeded.
 *
 * <p>{@code promote} skips the current step's analysis or the rest of its pause;
 * {@code promote-full} skips every remaining step.
 */
public final class StepListStrategy extends BuiltInMovement {

    private final List<CanaryStep> steps;
    private final List<StepPosition> positions;
    private final List<AnalysisPolicy> stepAnalysis;

    /** Called by {@link StepListStrategyBuilder#build()} with validated values. */
    StepListStrategy(AnalysisPolicy analysis, List<CanaryStep> steps) {
        super(analysis, false);
        this.steps = List.copyOf(steps);
        this.positions = StepPosition.replay(this.steps);
        List<AnalysisPolicy> policies = new ArrayList<>();
        for (CanaryStep step : this.steps) {
            policies.add(step instanceof CanaryStep.Analysis own ? withChecks(analysis, own.metrics()) : analysis);
        }
        this.stepAnalysis = List.copyOf(policies);
    }

    /** A builder with the default analysis policy and no steps. */
    public static StepListStrategyBuilder builder() {
        return new StepListStrategyBuilder();
    }

    @Override
    public StrategyKind kind() {
        return StrategyKind.CANARY;
    }

    /** The steps, in order. */
    public List<CanaryStep> steps() {
        return steps;
    }

    /** At an analysis step (while progressing or paused), the rollout's checks plus the step's own. */
    @Override
    public AnalysisPolicy analysisAt(RolloutState state) {
        boolean stepping = state.phase() == Phase.PROGRESSING || state.phase() == Phase.PAUSED;
        int i = state.stepIndex();
        return stepping && i >= 0 && i < steps.size() ? stepAnalysis.get(i) : analysis();
    }

    @Override
    public int stepsToSuccess() {
        int looks = 2;
        for (CanaryStep step : steps) {
            looks += looksAt(step);
        }
        boolean routeBack = !positions.get(steps.size()).split().withMirror(0).isAllStable();
        return looks + (routeBack ? 1 : 0) + 1;
    }

    /** Every split of every step, each without its mirror (promotion ends it), and all stable. */
    @Override
    public TrafficNeeds trafficNeeds() {
        return BuiltInTrafficNeeds.steps(steps, positions);
    }

    @Override
    HookType[] progressingGates() {
        return new HookType[] {HookType.CONFIRM_TRAFFIC_INCREASE, HookType.CONFIRM_PROMOTION};
    }

    @Override
    boolean analysisDue(RolloutState state) {
        boolean judging = state.phase() == Phase.PROGRESSING || state.phase() == Phase.AWAITING_PROMOTION
                || pausedUntilPromoted(state);
        if (!judging) {
            return false;
        }
        int i = state.stepIndex();
        boolean analysisStep = state.phase() != Phase.AWAITING_PROMOTION && i >= 0 && steps.get(i) instanceof CanaryStep.Analysis;
        return analysisStep || positionOf(state).canaryServes();
    }

    @Override
    Transition progress(RolloutState state, Observation obs) {
        if (!obs.isReady(Track.CANARY)) {
            return waitReady(state, Track.CANARY);
        }
        AnalysisOutcome outcome = AnalysisOutcome.NONE;
        if (analysisDue(state)) {
            Optional<Transition> notPassed = judge(state, obs);
            if (notPassed.isPresent()) {
                return notPassed.get();
            }
            outcome = skipsAnalysis(obs) ? AnalysisOutcome.NONE : AnalysisOutcome.PASS;
        } else if (state.stepIndex() == -1) {
            String preRollout = preRolloutFailure(obs);
            if (preRollout != null) {
                return failed(state, obs, AnalysisOutcome.NONE, preRollout,
                        List.of(new Action.CallWebhook(HookType.PRE_ROLLOUT)));
            }
        }
        RolloutState passed = state.withCounters(state.passedAnalyses(), state.failedAnalyses(), 0);
        int i = state.stepIndex();
        if (i >= 0 && !skipsAnalysis(obs)) {
            Optional<Transition> staying = stay(passed, obs, outcome, steps.get(i));
            if (staying.isPresent()) {
                return staying.get();
            }
        }
        return advance(passed, obs, outcome);
    }

    /** A timed pause not yet over, or an analysis step short of its iterations: stay at the step. */
    private Optional<Transition> stay(RolloutState state, Observation obs, AnalysisOutcome outcome, CanaryStep step) {
        String at = "steps[" + state.stepIndex() + "]";
        if (step instanceof CanaryStep.Pause pause && pause.duration().isPresent()) {
            Duration left = pause.duration().get().minus(Duration.between(state.stepStartedAt(), obs.now()));
            if (left.isNegative() || left.isZero()) {
                return Optional.empty();
            }
            String why = join(outcome == AnalysisOutcome.PASS ? passReason(obs) : "", at + ": pausing, " + Durations.format(left) + " left");
            return Optional.of(new Transition(state, List.of(), Decision.WAIT, outcome, why,
                    within(lookAgain(state, analysisDue(state)), left)));
        }
        if (step instanceof CanaryStep.Analysis analysisStep && outcome == AnalysisOutcome.PASS) {
            int count = state.passedAnalyses() + 1;
            if (count < analysisStep.iterations()) {
                RolloutState counted = state.withCounters(count, state.failedAnalyses(), 0);
                String why = at + ": analysis passed " + count + " of " + analysisStep.iterations();
                return Optional.of(new Transition(counted, List.of(Action.Emit.info(why)), Decision.CONTINUE, outcome, why,
                        lookAgain(counted, true)));
            }
        }
        return Optional.empty();
    }

    /** The next step applied, or the promotion after the last (or on {@code promote-full}). */
    private Transition advance(RolloutState state, Observation obs, AnalysisOutcome outcome) {
        int next = state.stepIndex() + 1;
        if (next == steps.size() || obs.has(Command.PROMOTE_FULL)) {
            return awaitPromotion(state, obs, outcome);
        }
        String pass = outcome == AnalysisOutcome.NONE && !skipsAnalysis(obs) ? "" : passReason(obs);
        StepPosition from = positionOf(state);
        StepPosition to = positions.get(next + 1);
        if (to.weight() > from.weight() && !gateOpen(HookType.CONFIRM_TRAFFIC_INCREASE, obs)) {
            return new Transition(state, List.of(), Decision.WAIT, outcome,
                    join(pass, "waiting for confirm-traffic-increase"), lookAgain(state, analysisDue(state)));
        }
        CanaryStep step = steps.get(next);
        String what = "steps[" + next + "]: " + step;
        List<Action> actions = new ArrayList<>();
        if (to.canaryScale() > from.canaryScale()) {
            actions.add(new Action.ScaleTrack(Track.CANARY, to.canaryScale()));
        }
        if (!to.split().equals(from.split())) {
            actions.add(new Action.SetTraffic(to.split()));
        }
        if (to.canaryScale() < from.canaryScale()) {
            actions.add(new Action.ScaleTrack(Track.CANARY, to.canaryScale()));
        }
        RolloutState moved = state.withSplit(to.split()).atStep(next, obs.now());
        if (step instanceof CanaryStep.Pause pause && pause.duration().isEmpty()) {
            RolloutState paused = moved.pausedFrom(Phase.PROGRESSING);
            actions.add(Action.Emit.info("Paused at steps[" + next + "] until promoted: promote (or resume) to go on"));
            return new Transition(paused, actions, Decision.PAUSE, outcome,
                    join(pass, what + " (waits for promote)"), lookAgain(paused, analysisDue(paused)));
        }
        actions.add(Action.Emit.info("Step " + what));
        NextLook look = lookAgain(moved, analysisDue(moved));
        if (step instanceof CanaryStep.Pause pause) {
            look = within(look, pause.duration().orElseThrow());
        }
        return new Transition(moved, actions, Decision.ADVANCE, outcome, join(pass, what), look);
    }

    /**
     * Paused at a pause step without a duration: {@code promote}, {@code promote-full} or
     * {@code resume} goes on; otherwise the rollout's checks go on being judged while the canary
     * serves, and a failure counts as anywhere else.
     */
    @Override
    Optional<Transition> whilePaused(RolloutState state, Observation obs) {
        if (!pausedUntilPromoted(state)) {
            return Optional.empty();
        }
        if (obs.has(Command.PROMOTE) || obs.has(Command.PROMOTE_FULL) || obs.has(Command.RESUME)) {
            RolloutState released = state.withPhase(Phase.PROGRESSING)
                    .withCounters(state.passedAnalyses(), state.failedAnalyses(), 0);
            Transition next = advance(released, obs, AnalysisOutcome.NONE);
            String why = join("steps[" + state.stepIndex() + "] " + (obs.has(Command.RESUME) && !skipsAnalysis(obs)
                    ? "resumed" : "promoted") + " by operator", stripPass(next.reason()));
            return Optional.of(new Transition(next.state(), next.actions(), next.decision(), next.analysis(), why, next.next()));
        }
        String waiting = "paused at steps[" + state.stepIndex() + "] until promoted";
        if (!analysisDue(state)) {
            return Optional.of(new Transition(state, List.of(), Decision.NONE, AnalysisOutcome.NONE, waiting,
                    lookAgain(state, false)));
        }
        Optional<Transition> notPassed = judge(state, obs);
        if (notPassed.isPresent()) {
            return notPassed;
        }
        RolloutState passed = state.withCounters(state.passedAnalyses(), state.failedAnalyses(), 0);
        return Optional.of(new Transition(passed, List.of(), Decision.NONE, AnalysisOutcome.PASS,
                join("analysis passed", waiting), lookAgain(passed, true)));
    }

    /** Promotion ends the mirror: stable, now taking the new template, has nothing to copy. */
    @Override
    Transition promote(RolloutState state, Observation obs, AnalysisOutcome outcome) {
        Transition promoted = super.promote(state, obs, outcome);
        if (state.split().mirrorPercent() == 0) {
            return promoted;
        }
        TrafficSplit unmirrored = state.split().withMirror(0);
        List<Action> actions = new ArrayList<>();
        actions.add(new Action.SetTraffic(unmirrored));
        actions.addAll(promoted.actions());
        return new Transition(promoted.state().withSplit(unmirrored), actions, promoted.decision(), promoted.analysis(),
                promoted.reason() + "; mirror ended", promoted.next());
    }

    /** Every request back to stable in one step (header routes end), then Succeeded. */
    @Override
    Transition promoting(RolloutState state, Observation obs) {
        if (!obs.isReady(Track.STABLE)) {
            return waitReady(state, Track.STABLE);
        }
        if (state.split().isAllStable()) {
            return succeed(state, obs);
        }
        TrafficSplit split = TrafficSplit.allStable();
        RolloutState next = state.withSplit(split).atStep(state.stepIndex() + 1, obs.now());
        String routes = state.split().matches().isEmpty() ? "" : "; header routes removed";
        return new Transition(next, List.of(new Action.SetTraffic(split),
                Action.Emit.info("Routing every request to the promoted stable track" + routes)),
                Decision.FINALIZE, AnalysisOutcome.NONE, "stable weight 100%" + routes, lookAgain(next, false));
    }

    private boolean pausedUntilPromoted(RolloutState state) {
        int i = state.stepIndex();
        return state.phase() == Phase.PAUSED && state.pausedFrom() == Phase.PROGRESSING && i >= 0 && i < steps.size()
                && steps.get(i) instanceof CanaryStep.Pause pause && pause.duration().isEmpty();
    }

    private StepPosition positionOf(RolloutState state) {
        return positions.get(Math.min(state.stepIndex(), steps.size() - 1) + 1);
    }

    private int looksAt(CanaryStep step) {
        if (step instanceof CanaryStep.Pause pause && pause.duration().isPresent()) {
            long interval = analysis().interval().toMillis();
            return (int) Math.max(1, (pause.duration().get().toMillis() + interval - 1) / interval);
        }
        return step instanceof CanaryStep.Analysis own ? own.iterations() : 1;
    }

    /** {@code look}, but no later than {@code limit}: a pause ends on time, not at the next interval. */
    private static NextLook within(NextLook look, Duration limit) {
        return limit.compareTo(look.after()) >= 0 ? look : new NextLook(limit, look.analysis(), look.gates());
    }

    private static String stripPass(String reason) {
        for (String prefix : List.of("step promoted by operator; ", "promoted fully by operator; ")) {
            if (reason.startsWith(prefix)) {
                return reason.substring(prefix.length());
            }
        }
        return reason;
    }

    private static AnalysisPolicy withChecks(AnalysisPolicy policy, List<MetricCheck> own) {
        List<MetricCheck> metrics = new ArrayList<>(policy.metrics());
        metrics.addAll(own);
        return new AnalysisPolicy(policy.interval(), policy.threshold(), policy.noData(), metrics, policy.webhooks());
    }

    @Override
    public String toString() {
        return "StepListStrategy[steps " + steps + ", analysis every " + analysis().interval()
                + ", threshold " + analysis().threshold() + "]";
    }
}
