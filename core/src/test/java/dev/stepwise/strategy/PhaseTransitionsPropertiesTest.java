package dev.stepwise.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.NoDataPolicy;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.analysis.Webhook;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.HookResult;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.IllegalPhaseTransitionException;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.PhaseTransition;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.traffic.MatchCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.assertj.core.api.Assertions;

/**
 * No built-in strategy ever changes a rollout's phase along an edge {@link PhaseTransition} does not
 * list: over random configurations of canary, blue/green, rolling and A/B tests (with and without
 * gate webhooks), healthy and failing analyses, closed gates, the rollback webhook, operator commands
 * at any step, new revisions and retries after the end.
 */
class PhaseTransitionsPropertiesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int MAX_STEPS = 400;
    private static final List<HookType> HOOKS = List.of(HookType.CONFIRM_ROLLOUT, HookType.PRE_ROLLOUT,
            HookType.CONFIRM_TRAFFIC_INCREASE, HookType.CONFIRM_PROMOTION, HookType.POST_ROLLOUT, HookType.ROLLBACK);

    /** What the world does at one step: the analysis outcome, whether gates asked about open, a command, a new revision. */
    record Event(Verdict.Status analysis, boolean gatesOpen, boolean rollbackHook, Optional<Command> command,
                 boolean newRevision, boolean hooksSucceed) {
    }

    @Provide
    Arbitrary<Strategy> strategies() {
        Arbitrary<AnalysisPolicy> policies = Combinators.combine(Arbitraries.integers().between(1, 4),
                Arbitraries.integers().between(0, 2), Arbitraries.of(HOOKS).set().ofMaxSize(HOOKS.size()))
                .as((threshold, hold, hooks) -> {
                    AnalysisPolicy.Builder b = AnalysisPolicy.builder().threshold(threshold).noData(new NoDataPolicy(hold))
                            .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99)));
                    hooks.forEach(h -> b.webhook(Webhook.of(h.label(), h, "http://hooks.test/" + h.label())));
                    return b.build();
                });
        Arbitrary<Strategy> canary = Combinators.combine(Arbitraries.integers().between(1, 50), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 60), Arbitraries.of(true, false), policies)
                .as((step, mirror, promo, baseline, p) -> CanaryStrategy.builder().stepWeight(step).maxWeight(50)
                        .mirror(mirror).stepWeightPromotion(promo).baseline(baseline).analysis(p).build());
        Arbitrary<Strategy> blueGreen = Combinators.combine(Arbitraries.integers().between(1, 5), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 120), policies)
                .as((n, mirror, post, delay, p) -> BlueGreenStrategy.builder().iterations(n).mirror(mirror)
                        .postPromotionIterations(post).scaleDownDelay(Duration.ofSeconds(delay)).analysis(p).build());
        Arbitrary<Strategy> abTest = Combinators.combine(Arbitraries.integers().between(1, 5), policies).as((n, p) ->
                ABTestStrategy.builder().iterations(n).match(MatchCondition.header("x-canary", MatchCondition.Operator.EXACT,
                        "insider")).analysis(p).build());
        Arbitrary<List<Integer>> batches = Arbitraries.integers().between(1, 99).set().ofMaxSize(4).map(s -> {
            List<Integer> list = new ArrayList<>(new TreeSet<>(s));
            list.add(100);
            return list;
        });
        Arbitrary<Strategy> rolling = Combinators.combine(batches, Arbitraries.integers().between(0, 60),
                Arbitraries.integers().between(0, 60), policies).filter((b, s, u, p) -> s + u > 0).as((b, s, u, p) ->
                RollingStrategy.builder().batches(b).maxSurge(s).maxUnavailable(u).analysis(p).build());
        return Arbitraries.oneOf(canary, blueGreen, abTest, rolling);
    }

    private static Arbitrary<Event> events(int commandOneIn, int closedGateOneIn) {
        Arbitrary<Optional<Command>> commands = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(commandOneIn, Arbitraries.just(Optional.<Command>empty())),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Command.values()).map(Optional::of)));
        return Combinators.combine(Arbitraries.of(Verdict.Status.values()),
                Arbitraries.integers().between(1, closedGateOneIn).map(i -> i > 1 || closedGateOneIn == 1),
                Arbitraries.integers().between(1, 40).map(i -> i == 1), commands,
                Arbitraries.integers().between(1, 60).map(i -> i == 1), Arbitraries.integers().between(1, 8).map(i -> i > 1))
                .as(Event::new);
    }

    @Provide
    Arbitrary<List<Event>> healthy() {
        return Combinators.combine(Arbitraries.just(Verdict.Status.PASS), Arbitraries.just(true), Arbitraries.just(false),
                Arbitraries.just(Optional.<Command>empty()), Arbitraries.just(false), Arbitraries.just(true))
                .as(Event::new).list().ofSize(1);
    }

    @Provide
    Arbitrary<List<Event>> failing() {
        return Combinators.combine(Arbitraries.of(Verdict.Status.values()), Arbitraries.integers().between(1, 4).map(i -> i > 1),
                Arbitraries.just(false), Arbitraries.just(Optional.<Command>empty()), Arbitraries.just(false),
                Arbitraries.of(true, false)).as(Event::new).list().ofMinSize(1).ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<Event>> commanded() {
        return events(4, 4).list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 500)
    @Label("a healthy rollout of any built-in strategy changes phase only along the table's edges")
    void healthy_runs_stay_in_the_table(@ForAll("strategies") Strategy strategy, @ForAll("healthy") List<Event> events) {
        assertAllLegal(run(strategy, events));
    }

    @Property(tries = 1000)
    @Label("a rollout with failing or missing analyses and closed gates changes phase only along the table's edges")
    void failing_runs_stay_in_the_table(@ForAll("strategies") Strategy strategy, @ForAll("failing") List<Event> events) {
        assertAllLegal(run(strategy, events));
    }

    @Property(tries = 2000)
    @Label("a rollout under any operator commands, rollback webhooks, new revisions and retries changes phase only along the table's edges")
    void commanded_runs_stay_in_the_table(@ForAll("strategies") Strategy strategy, @ForAll("commanded") List<Event> events) {
        assertAllLegal(run(strategy, events));
    }

    @Example
    @Label("a change outside the table is refused, naming both phases")
    void an_illegal_change_names_from_and_to() {
        Assertions.assertThatThrownBy(() -> PhaseTransition.check(Phase.SUCCEEDED, Phase.ROLLED_BACK))
                .isInstanceOf(IllegalPhaseTransitionException.class)
                .hasMessage("illegal phase transition from Succeeded to RolledBack");
        Assertions.assertThatCode(() -> PhaseTransition.check(Phase.PAUSED, Phase.PAUSED)).doesNotThrowAnyException();
        assertThat(PhaseTransition.find(Phase.PROGRESSING, Phase.PROMOTING)).contains(PhaseTransition.PROGRESSING_TO_PROMOTING);
    }

    /** Every phase change the runs took, as from-to pairs. */
    private static List<Phase[]> run(Strategy strategy, List<Event> events) {
        List<Phase[]> changes = new ArrayList<>();
        String revision = "v2";
        RolloutState state = strategy.initialState(revision, T0);
        Transition last = null;
        Instant now = T0;
        int ended = 0;
        for (int i = 0; i < MAX_STEPS && ended < 3; i++) {
            Event event = events.get(i % events.size());
            if (event.newRevision()) {
                revision = revision + "'";
            }
            Observation obs = observe(now, revision, last, event);
            Transition t = strategy.step(state, obs);
            changes.add(new Phase[] {state.phase(), t.state().phase()});
            state = t.state();
            last = t;
            now = now.plus(t.next().after().isZero() ? strategy.analysis().interval() : t.next().after());
            ended = state.phase().isTerminal() ? ended + 1 : 0;
        }
        return changes;
    }

    private static Observation observe(Instant now, String revision, Transition last, Event event) {
        Observation.Builder obs = Observation.at(now, revision);
        event.command().ifPresent(obs::command);
        if (last == null) {
            return obs.build();
        }
        if (last.next().analysis()) {
            obs.verdicts(BuiltInStrategiesPropertiesTest.verdict(event.analysis()));
        }
        Set<HookType> asked = EnumSet.noneOf(HookType.class);
        asked.addAll(last.next().gates());
        asked.stream().filter(g -> g == HookType.ROLLBACK ? event.rollbackHook() : event.gatesOpen()).forEach(obs::open);
        last.actions().stream().filter(a -> a instanceof Action.CallWebhook).map(a -> ((Action.CallWebhook) a).type())
                .forEach(type -> obs.hookResult(event.hooksSucceed() ? HookResult.succeeded(type)
                        : HookResult.failed(type, "hook refused")));
        return obs.build();
    }

    private static void assertAllLegal(List<Phase[]> changes) {
        for (Phase[] change : changes) {
            assertThat(change[0] == change[1] || PhaseTransition.find(change[0], change[1]).isPresent())
                    .as("%s -> %s is an edge of the table", change[0], change[1]).isTrue();
        }
    }
}
