package dev.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.BadRequests;
import dev.stepwise.analysis.JudgeCheck;
import dev.stepwise.analysis.JudgeEvidence;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.OnInconclusive;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.analysis.judge.SequentialJudge;
import dev.stepwise.analysis.judge.TrackCounts;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.CountQuery;
import dev.stepwise.spi.CountResult;
import dev.stepwise.spi.MetricQuery;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.MetricSource;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.SimulatedMetricSource;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.VirtualScheduler;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("A rollout with a statistical judge, on the engine")
class JudgedRolloutTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration INTERVAL = Duration.ofMinutes(1);

    final VirtualScheduler scheduler = VirtualScheduler.startingAt(T0);
    @RegisterExtension
    final EveryRolloutHasOneNextLook nextLooks = new EveryRolloutHasOneNextLook();
    final List<RolloutEvent> events = new ArrayList<>();

    RolloutEngine engine(InMemoryStateStore store) {
        return nextLooks.watch(RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler).stateStore(store)
                .listener(events::add).build(), scheduler);
    }

    static CanaryStrategy canary(int threshold, JudgeCheck judge, MetricCheck... metrics) {
        AnalysisPolicy.Builder analysis = AnalysisPolicy.builder().interval(INTERVAL).threshold(threshold).judge(judge);
        for (MetricCheck metric : metrics) {
            analysis.metric(metric);
        }
        return CanaryStrategy.builder().stepWeight(10).maxWeight(50).analysis(analysis.build()).build();
    }

    static String register(RolloutEngine engine, CanaryStrategy strategy, InMemoryTrafficRouter router, MetricSource metrics) {
        InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
        workload.deploy("v2");
        return engine.register(RolloutDefinition.builder("test", "podinfo").strategy(strategy).router(router)
                .workload(workload).metrics(metrics).build());
    }

    StoredRollout runToEnd(RolloutEngine engine, String id) {
        for (int i = 0; i < 4 * 3600; i++) {
            StoredRollout rec = engine.status(id).orElse(null);
            if (rec != null && rec.state().phase().isTerminal() && rec.isCommitted()) {
                return rec;
            }
            scheduler.advance(Duration.ofSeconds(1));
        }
        throw new AssertionError("rollout did not end within four hours of virtual time: " + engine.status(id));
    }

    /** Advances until {@code looks} analyses were judged (steps decided on verdicts). */
    void runLooks(RolloutEngine engine, String id, int looks) {
        for (int i = 0; i < 4 * 3600 && judgedSteps() < looks; i++) {
            scheduler.advance(Duration.ofSeconds(1));
        }
        assertThat(judgedSteps()).isEqualTo(looks);
    }

    long judgedSteps() {
        return steps().stream().filter(t -> t.analysis() != dev.stepwise.analysis.AnalysisOutcome.NONE).count();
    }

    List<dev.stepwise.rollout.Transition> steps() {
        return events.stream().filter(e -> e instanceof RolloutEvent.Stepped).map(e -> ((RolloutEvent.Stepped) e).transition())
                .toList();
    }

    static SimulatedService service(double canaryErrors, double requestRate) {
        return SimulatedService.builder().requestRate(requestRate).poissonArrivals(true).seed(7)
                .errorProbability(Track.STABLE, 0.005).canaryErrorProbability(canaryErrors).build();
    }

    /** A source whose counts never decide: no bad request on either track, harm as a ratio. */
    static MetricSource undecided() {
        return new MetricSource() {
            @Override
            public MetricResult query(MetricQuery query) {
                return new MetricResult.Failed("no metrics here");
            }

            @Override
            public CountResult counts(CountQuery query) {
                return new CountResult.Counts(new TrackCounts(1000, 0), new TrackCounts(9000, 0));
            }
        };
    }

    @Test
    @DisplayName("a canary at 5x the errors (300 requests/s) is rolled back at the first look by the judge, though the threshold is 5")
    void harmful_canary_rolled_back_at_once() {
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        RolloutEngine engine = engine(new InMemoryStateStore());
        CanaryStrategy strategy = canary(5, JudgeCheck.sequential(BadRequests.errors()));
        String id = register(engine, strategy, router, SimulatedMetricSource.of(service(0.025, 300), router));

        StoredRollout end = runToEnd(engine, id);

        assertThat(end.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(end.state().failedAnalyses()).isEqualTo(1);
        assertThat(router.applied()).contains(TrafficSplit.canary(10)).doesNotContain(TrafficSplit.canary(20));
        Verdict verdict = end.note().verdicts().get(0);
        assertThat(verdict.critical()).isTrue();
        assertThat(verdict.reason()).startsWith("HARMFUL: log LR").contains("in (-3.00, 4.61)");
        assertThat(end.note().reason()).contains("rolling back at once");
    }

    @Test
    @DisplayName("a good canary is promoted once the judge finds it not harmful")
    void good_canary_promoted() {
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        RolloutEngine engine = engine(new InMemoryStateStore());
        CanaryStrategy strategy = canary(1, JudgeCheck.sequential(BadRequests.errors()),
                MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99)));
        String id = register(engine, strategy, router, SimulatedMetricSource.of(service(0.005, 1000), router));

        StoredRollout end = runToEnd(engine, id);

        assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(steps()).filteredOn(t -> t.decision() == Decision.PROMOTE).hasSize(1);
    }

    /** A source whose first {@code undecided} count queries never decide, and every later one clears the canary. */
    static MetricSource clearsAfter(int undecided) {
        int[] asked = {0};
        return new MetricSource() {
            @Override
            public MetricResult query(MetricQuery query) {
                return new MetricResult.Failed("no metrics here");
            }

            @Override
            public CountResult counts(CountQuery query) {
                asked[0]++;
                return asked[0] <= undecided ? new CountResult.Counts(new TrackCounts(1000, 0), new TrackCounts(9000, 0))
                        : new CountResult.Counts(new TrackCounts(1000, 0), new TrackCounts(9000, 90));
            }
        };
    }

    static List<Decision> decisions(List<dev.stepwise.rollout.Transition> steps) {
        return steps.stream().map(dev.stepwise.rollout.Transition::decision).toList();
    }

    @Test
    @DisplayName("a judge that keeps collecting never holds the weight; promotion holds until it answers NOT_HARMFUL")
    void collecting_steps_on_and_promotion_waits() {
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        RolloutEngine engine = engine(new InMemoryStateStore());
        // looking only at the analyses, so that clearsAfter counts analyses
        String id = register(engine, canary(1, JudgeCheck.sequential(BadRequests.errors()).interval(INTERVAL)), router,
                clearsAfter(7));

        StoredRollout end = runToEnd(engine, id);

        assertThat(decisions(steps()).subList(0, 10)).containsExactly(Decision.START, Decision.ADVANCE, Decision.ADVANCE,
                Decision.ADVANCE, Decision.ADVANCE, Decision.ADVANCE, Decision.HOLD, Decision.HOLD, Decision.HOLD,
                Decision.PROMOTE);
        assertThat(steps().get(2).reason()).startsWith("analysis passed, judges still collecting");
        assertThat(steps().get(6).reason()).startsWith("judges collecting evidence: promotion waits for them: ")
                .contains("KEEP_COLLECTING");
        assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(router.applied()).contains(TrafficSplit.canary(50));
    }

    @Test
    @DisplayName("an inconclusive judge with onInconclusive: rollback fails each further look, counted against the threshold")
    void inconclusive_rollback() {
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        RolloutEngine engine = engine(new InMemoryStateStore());
        JudgeCheck judge = new JudgeCheck("judge", BadRequests.errors(), SequentialJudge.ofDefaults(), 6)
                .onInconclusive(OnInconclusive.ROLLBACK);
        String id = register(engine, canary(1, judge), router, undecided());

        StoredRollout end = runToEnd(engine, id);

        assertThat(decisions(steps())).containsExactly(Decision.START, Decision.ADVANCE, Decision.ADVANCE,
                Decision.ADVANCE, Decision.ADVANCE, Decision.ADVANCE, Decision.HOLD, Decision.HOLD, Decision.ROLL_BACK);
        assertThat(end.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(end.note().verdicts().get(0).reason()).contains("look 7 of 6 without a conclusion")
                .contains("too little data is never evidence of health; onInconclusive: rollback");
    }

    @Test
    @DisplayName("an inconclusive judge abstains by default (promote-on-checks): the checks promote")
    void inconclusive_promote_on_checks() {
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        RolloutEngine engine = engine(new InMemoryStateStore());
        JudgeCheck judge = new JudgeCheck("judge", BadRequests.errors(), SequentialJudge.ofDefaults(), 6);
        assertThat(judge.onInconclusive()).isEqualTo(OnInconclusive.PROMOTE_ON_CHECKS);
        String id = register(engine, canary(1, judge), router, undecided());

        StoredRollout end = runToEnd(engine, id);

        assertThat(decisions(steps()).subList(0, 9)).containsExactly(Decision.START, Decision.ADVANCE, Decision.ADVANCE,
                Decision.ADVANCE, Decision.ADVANCE, Decision.ADVANCE, Decision.HOLD, Decision.HOLD, Decision.PROMOTE);
        assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
    }

    @Test
    @DisplayName("an inconclusive judge with onInconclusive: hold holds promotion, and keeps looking")
    void inconclusive_hold() {
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        RolloutEngine engine = engine(new InMemoryStateStore());
        JudgeCheck judge = JudgeCheck.sequential(BadRequests.errors()).onInconclusive(OnInconclusive.HOLD);
        String id = register(engine, canary(1, judge), router, undecided());

        runLooks(engine, id, 15);

        StoredRollout rec = engine.status(id).orElseThrow();
        assertThat(rec.state().phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(rec.state().split()).isEqualTo(TrafficSplit.canary(50));
        assertThat(rec.note().reason()).contains("look 15 of 10 without a conclusion")
                .contains("onInconclusive: hold: promotion waits for the judge, or an operator's promote or abort");
    }

    @Test
    @DisplayName("a good canary at 1 request/s is not rolled back by the judge: it steps to 50%, and the judge abstains")
    void good_canary_at_low_traffic_not_rolled_back() {
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        RolloutEngine engine = engine(new InMemoryStateStore());
        String id = register(engine, canary(1, JudgeCheck.sequential(BadRequests.errors())), router,
                SimulatedMetricSource.of(service(0.005, 1), router));

        StoredRollout end = runToEnd(engine, id);

        assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(router.applied()).contains(TrafficSplit.canary(50));
        assertThat(steps()).noneMatch(t -> t.decision() == Decision.ROLL_BACK);
    }

    @Test
    @DisplayName("two judges share alpha: each runs at alpha / 2, and a 5x canary (300 requests/s) is still rolled back at the first look")
    void two_judges_share_alpha() {
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        RolloutEngine engine = engine(new InMemoryStateStore());
        AnalysisPolicy policy = AnalysisPolicy.builder().interval(INTERVAL).threshold(5)
                .judge(JudgeCheck.sequential(BadRequests.errors()))
                .judge(JudgeCheck.sequential(BadRequests.slowerThan(Duration.ofMillis(500)))).build();
        assertThat(policy.judges()).allSatisfy(j -> assertThat(j.effectiveJudge().alpha()).isEqualTo(0.005));
        CanaryStrategy strategy = CanaryStrategy.builder().stepWeight(10).maxWeight(50).analysis(policy).build();
        String id = register(engine, strategy, router, SimulatedMetricSource.of(service(0.025, 300), router));

        StoredRollout end = runToEnd(engine, id);

        assertThat(end.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(router.applied()).contains(TrafficSplit.canary(10)).doesNotContain(TrafficSplit.canary(20));
        assertThat(end.note().verdicts()).filteredOn(Verdict::critical).singleElement()
                .satisfies(v -> assertThat(v.reason()).contains("in (-3.00, 5.30)")
                        .contains("(alpha 0.01 shared by 2 judges)"));
    }

    @Test
    @DisplayName("a restarted engine goes on from the evidence persisted with the rollout")
    void evidence_survives_restart() {
        InMemoryStateStore store = new InMemoryStateStore();
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        // looking only at the analyses, so that looks and analyses are the same count
        JudgeCheck judge = new JudgeCheck("judge", BadRequests.errors(), SequentialJudge.ofDefaults(), 5).interval(INTERVAL);
        RolloutEngine first = engine(store);
        String id = register(first, canary(1, judge), router, undecided());
        runLooks(first, id, 2);
        first.close();
        assertThat(store.load(id).orElseThrow().evidence().get("judge"))
                .extracting(e -> e.evidence().looks(), JudgeEvidence::heldLooks).containsExactly(2, 2);

        RolloutEngine second = engine(store);
        register(second, canary(1, judge), router, undecided());
        runLooks(second, id, 3);

        JudgeEvidence evidence = store.load(id).orElseThrow().evidence().get("judge");
        assertThat(evidence.evidence().looks()).isEqualTo(3);
        assertThat(evidence.heldLooks()).isEqualTo(3);
        assertThat(evidence.evidence().canary()).isEqualTo(new TrackCounts(3000, 0));
    }

    @Test
    @DisplayName("a metric source that does not count requests gives an Error verdict, never a pass")
    void source_without_counts_is_an_error() {
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        RolloutEngine engine = engine(new InMemoryStateStore());
        MetricSource thresholdsOnly = query -> MetricResult.of(99.9);
        String id = register(engine, canary(1, JudgeCheck.sequential(BadRequests.errors())), router, thresholdsOnly);

        StoredRollout end = runToEnd(engine, id);

        assertThat(end.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(steps()).noneMatch(t -> t.decision() == Decision.PROMOTE);
        assertThat(end.note().verdicts()).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(Verdict.Status.ERROR);
            assertThat(v.reason()).isEqualTo(MetricSource.NO_COUNTS);
        });
    }

    /** A source counting every count query's window, clearing nothing and finding nothing harmful. */
    static MetricSource windows(List<Duration> asked, TrackCounts canary, TrackCounts control) {
        return new MetricSource() {
            @Override
            public MetricResult query(MetricQuery query) {
                return new MetricResult.Failed("no metrics here");
            }

            @Override
            public CountResult counts(CountQuery query) {
                asked.add(query.window());
                return new CountResult.Counts(canary, control);
            }
        };
    }

    @Test
    @DisplayName("a canary at 5x the errors is rolled back by a judge look 10 s into the first step, not at the minute's analysis")
    void harmful_canary_rolled_back_by_a_judge_look() {
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        RolloutEngine engine = engine(new InMemoryStateStore());
        CanaryStrategy strategy = canary(5, JudgeCheck.sequential(BadRequests.errors()));
        String id = register(engine, strategy, router, SimulatedMetricSource.of(service(0.025, 300), router));

        StoredRollout end = runToEnd(engine, id);

        assertThat(end.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(router.applied()).contains(TrafficSplit.canary(10)).doesNotContain(TrafficSplit.canary(20));
        Instant shifted = events.stream().filter(e -> e instanceof RolloutEvent.Verified v && v.split().canary() == 10)
                .findFirst().orElseThrow().at();
        RolloutEvent.Stepped rollback = events.stream().filter(e -> e instanceof RolloutEvent.Stepped s
                && s.transition().decision() == Decision.ROLL_BACK).map(RolloutEvent.Stepped.class::cast).findFirst().orElseThrow();
        assertThat(Duration.between(shifted, rollback.at())).isPositive().isLessThan(INTERVAL);
        assertThat(Duration.between(shifted, rollback.at()).toSeconds() % 10).isZero();
        assertThat(rollback.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.critical()).isTrue();
            assertThat(v.reason()).startsWith("HARMFUL: log LR");
        });
        assertThat(end.note().reason()).contains("critical check failed, rolling back at once");
    }

    @Test
    @DisplayName("judge looks every 10 s only add evidence: the steps keep the minute, and only analyses count against holdLimit")
    void judge_looks_only_add_evidence() {
        InMemoryStateStore store = new InMemoryStateStore();
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        RolloutEngine engine = engine(store);
        List<Duration> asked = new ArrayList<>();
        String id = register(engine, canary(1, JudgeCheck.sequential(BadRequests.errors())), router,
                windows(asked, new TrackCounts(100, 0), new TrackCounts(900, 0)));

        runLooks(engine, id, 2);

        List<Instant> stepped = events.stream().filter(e -> e instanceof RolloutEvent.Stepped).map(RolloutEvent::at).toList();
        for (int i = 2; i < stepped.size(); i++) {
            assertThat(Duration.between(stepped.get(i - 1), stepped.get(i))).isEqualTo(INTERVAL);
        }
        assertThat(asked).hasSize(12).containsOnly(Duration.ofSeconds(10));
        JudgeEvidence evidence = store.load(id).orElseThrow().evidence().get("sequential-errors");
        assertThat(evidence.evidence().looks()).isEqualTo(12);
        assertThat(evidence.evidence().canary()).isEqualTo(new TrackCounts(1200, 0));
        assertThat(evidence.heldLooks()).isEqualTo(2);
        assertThat(evidence.lookedAt()).contains(stepped.get(stepped.size() - 1));
    }

    @Test
    @DisplayName("a restarted engine goes on from the evidence of the judge looks, counting from the last one")
    void judge_look_evidence_survives_restart() {
        InMemoryStateStore store = new InMemoryStateStore();
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        List<Duration> asked = new ArrayList<>();
        MetricSource source = windows(asked, new TrackCounts(100, 0), new TrackCounts(900, 0));
        JudgeCheck judge = JudgeCheck.sequential(BadRequests.errors()).interval(Duration.ofSeconds(20));
        RolloutEngine first = engine(store);
        String id = register(first, canary(1, judge), router, source);
        runLooks(first, id, 1);
        scheduler.advance(Duration.ofSeconds(45));
        first.close();
        JudgeEvidence before = store.load(id).orElseThrow().evidence().get("sequential-errors");
        assertThat(before.evidence().looks()).isEqualTo(5);

        RolloutEngine second = engine(store);
        register(second, canary(1, judge), router, source);
        runLooks(second, id, 2);

        JudgeEvidence after = store.load(id).orElseThrow().evidence().get("sequential-errors");
        assertThat(after.evidence().looks()).isEqualTo(6);
        // 20 s, 40 s, the analysis at 60 s; 80 s, 100 s (the first engine); the analysis at 120 s (the second)
        assertThat(asked).hasSize(6).containsOnly(Duration.ofSeconds(20));
    }

    @Test
    @DisplayName("an analysis whose own window since the last judge look counted nothing is no new data, not an interval without data")
    void empty_window_after_counted_looks_is_not_no_data() {
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        RolloutEngine engine = engine(new InMemoryStateStore());
        List<Duration> asked = new ArrayList<>();
        MetricSource counted = windows(asked, new TrackCounts(100, 0), new TrackCounts(900, 0));
        // the looks at 10..50 s count; the sixth query of each minute, the analysis's, finds nothing
        MetricSource source = new MetricSource() {
            @Override
            public MetricResult query(MetricQuery query) {
                return counted.query(query);
            }

            @Override
            public CountResult counts(CountQuery query) {
                CountResult result = counted.counts(query);
                return asked.size() % 6 == 0 ? new CountResult.NoData("no requests in " + query.window()) : result;
            }
        };
        String id = register(engine, canary(1, JudgeCheck.sequential(BadRequests.errors())), router, source);

        runLooks(engine, id, 2);

        List<RolloutEvent.Stepped> analyses = events.stream().filter(e -> e instanceof RolloutEvent.Stepped s
                && s.transition().analysis() != dev.stepwise.analysis.AnalysisOutcome.NONE)
                .map(RolloutEvent.Stepped.class::cast).toList();
        assertThat(analyses).hasSize(2).allSatisfy(s -> assertThat(s.verdicts()).singleElement()
                .satisfies(v -> assertThat(v.status()).isEqualTo(Verdict.Status.HOLD)));
        assertThat(engine.status(id).orElseThrow().state().phase().isTerminal()).isFalse();
    }
}
