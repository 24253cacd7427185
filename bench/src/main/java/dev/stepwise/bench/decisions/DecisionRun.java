package dev.stepwise.bench.decisions;

import dev.stepwise.analysis.BadRequests;
import dev.stepwise.analysis.JudgeCheck;
import dev.stepwise.analysis.OnInconclusive;
import dev.stepwise.analysis.judge.SequentialJudge;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The decision-quality run: every {@link Scenario} with every contestant on seeds {@code 0..SEEDS-1},
 * written as {@code decisions.md} (one table, the targets checked) and {@code decisions.svg}.
 * Usage: {@code DecisionRun [SEEDS=2000] [OUTPUT_DIRECTORY=bench]}. Deterministic: the same seeds
 * give the same files (seeds run in parallel, results are kept in seed order).
 */
public final class DecisionRun {

    static final int DEFAULT_SEEDS = 2_000;

    private DecisionRun() {
    }

    public static void main(String[] args) throws IOException {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_SEEDS;
        Path out = Path.of(args.length > 1 ? args[1] : "bench");
        if (seeds < 1) {
            throw new IllegalArgumentException("SEEDS: " + seeds + " must be at least 1");
        }
        SequentialJudge judge = SequentialJudge.ofDefaults();
        List<Contestant> contestants = new ArrayList<>();
        contestants.add(new ThresholdSchedule());
        // (b)'s two judges share alpha as a rollout's judges do (Bonferroni: each at alpha / 2)
        SequentialJudge shared = judge.sharedBy(2);
        contestants.add(new DecoupledJudge(shared, DecoupledJudge.LOOK_SECONDS, "(b) judge every 10 s, defaults"));
        // the same judge looking every second: how much of (b)'s exposure is the look interval's
        contestants.add(new DecoupledJudge(shared, 1, "(b1) judge every 1 s, defaults"));
        contestants.addAll(scheduleWithJudges());
        contestants.addAll(engineWithJudgeLooks());
        List<Scenario> scenarios = Scenario.all();
        Map<String, Tally> tallies = new LinkedHashMap<>();
        Map<Scenario, OptionalDouble> floors = new LinkedHashMap<>();
        Map<Scenario, OptionalDouble> sameAlternative = new LinkedHashMap<>();
        for (Scenario scenario : scenarios) {
            floors.put(scenario, SprtFloor.requests(scenario, judge.alpha(), judge.beta(), SequentialJudge.DEFAULT_RATIO));
            sameAlternative.put(scenario, SprtFloor.requestsAtJudgeAlternative(scenario, judge.alpha(), judge.beta(),
                    SequentialJudge.DEFAULT_RATIO));
            for (Contestant contestant : contestants) {
                long started = System.nanoTime();
                List<Outcome> outcomes = IntStream.range(0, seeds).parallel()
                        .mapToObj(seed -> contestant.run(scenario, seed)).collect(Collectors.toList());
                Tally tally = Tally.of(contestant.name(), scenario, outcomes);
                tallies.put(contestant.name() + "|" + scenario.name(), tally);
                System.out.printf("%-22s %-26s promoted %5.1f%% rolled back %5.1f%% undecided %5.1f%% mean %8.0f req (%d ms)%n",
                        scenario.name(), contestant.name(), 100 * tally.promotedShare(), 100 * tally.rolledBackShare(),
                        100.0 * tally.undecided() / seeds, tally.meanRequests(), (System.nanoTime() - started) / 1_000_000);
            }
        }
        List<String> names = contestants.stream().map(Contestant::name).collect(Collectors.toList());
        Files.createDirectories(out);
        Files.writeString(out.resolve("decisions.md"), DecisionTable.markdown(scenarios, names, tallies, floors, sameAlternative, seeds, judge),
                StandardCharsets.UTF_8);
        Files.writeString(out.resolve("decisions.svg"), DecisionChart.svg(scenarios, names, tallies, floors, seeds),
                StandardCharsets.UTF_8);
        System.out.println("wrote " + out.resolve("decisions.md") + " and " + out.resolve("decisions.svg"));
    }

    /**
     * Contestants (d) and (d'), "the same schedule with each judge": the threshold schedule of
     * {@link ThresholdSchedule} run through the real CanaryStrategy on the testkit with
     * {@code analysis.judges: [{type: sequential}, {type: sequential, metric: slow, slowerThan: 200ms}]}
     * (defaults, so each judge runs at alpha 0.01 / 2; the slow judge's threshold is stable's p99,
     * as in (b)). A judge's HARMFUL rolls back at once; while a judge keeps collecting the steps go
     * on and only promotion waits for both judges' NOT_HARMFUL. After the hold limit (10 looks)
     * (d) lets the threshold checks promote ({@code onInconclusive: promote-on-checks}, the
     * default) and (d') keeps holding promotion ({@code onInconclusive: hold}). The Mann-Whitney judge
     * is not available yet, so it has no contestant.
     */
    static List<Contestant> scheduleWithJudges() {
        List<JudgeCheck> judges = List.of(JudgeCheck.sequential(BadRequests.errors()),
                JudgeCheck.sequential(BadRequests.slowerThan(Duration.ofMillis((long) DecoupledJudge.SLOW_MS))));
        List<JudgeCheck> holding = judges.stream().map(j -> j.onInconclusive(OnInconclusive.HOLD))
                .collect(Collectors.toList());
        return List.of(new ThresholdSchedule(judges, "(d) schedule with judges, defaults"),
                new ThresholdSchedule(holding, "(d') (d), onInconclusive hold"));
    }

    /**
     * Contestants (e) and (e30): the schedule with the judges of (d), run through the real engine,
     * the judges looking every 10 s (e) or 30 s (e30) between the analyses
     * ({@code spec.analysis.judges[].interval}); (d) is the same with the judges looking only at
     * the analyses, once a minute.
     */
    static List<Contestant> engineWithJudgeLooks() {
        List<JudgeCheck> judges = List.of(JudgeCheck.sequential(BadRequests.errors()),
                JudgeCheck.sequential(BadRequests.slowerThan(Duration.ofMillis((long) DecoupledJudge.SLOW_MS))));
        return List.of(new EngineWithJudgeLooks(judges, Duration.ofSeconds(10), "(e) engine, judges look every 10 s"),
                new EngineWithJudgeLooks(judges, Duration.ofSeconds(30), "(e30) engine, judges look every 30 s"));
    }
}
