package dev.stepwise.cli;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.testkit.TrackBehaviour;
import dev.stepwise.timeline.Timeline;
import dev.stepwise.timeline.TimelineSvg;
import dev.stepwise.traffic.Track;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code stepwise demo}: the README's demo, a healthy and a failing canary one after the other,
 * each with a progress bar while it runs, its timeline, and an SVG chart.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = StepwiseCli.Version.class,
        description = {"A healthy and a failing canary on virtual time: no cluster needed.",
                "The canary gets 10%% more traffic every virtual minute up to 50%%, judged on success rate (at least "
                        + "99%%) and p99 latency (at most 500ms); the failing one breaks once it takes 30%% of the "
                        + "traffic and is rolled back at its second failed analysis."})
final class DemoCommand implements Callable<Integer> {

    /** When the failing canary breaks: the step that takes it to 30%. */
    static final Duration BREAKS_AT = Duration.ofMinutes(3);

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "stepwise-demo",
            description = "Where to write the SVG charts; default ./${DEFAULT-VALUE}/.")
    Path outDir;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the simulated traffic; default ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--delay", paramLabel = "MS", defaultValue = "150",
            description = "Pause after each step on a terminal, to watch the progress; default ${DEFAULT-VALUE}.")
    int delayMs;

    @ParentCommand
    StepwiseCli cli;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Canary steps of 10% up to 50%, an analysis every minute, roll back at the second failed one. */
    static CanaryStrategy strategy() {
        return CanaryStrategy.builder()
                .stepWeight(10)
                .maxWeight(50)
                .analysis(AnalysisPolicy.builder()
                        .interval(Duration.ofMinutes(1))
                        .threshold(2)
                        .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99)))
                        .metric(MetricCheck.builtIn(MetricCheck.REQUEST_DURATION, ThresholdRange.atMost(500)))
                        .build())
                .build();
    }

    /** The README's service: stable without errors; the canary a little slower, 0.2% errors; failing: 5% from 3m. */
    static Scenario scenario(boolean failing, long seed) {
        Map<Track, TrackBehaviour> tracks = new EnumMap<>(Scenario.sameEverywhere(TrackBehaviour.ofDefaults()));
        TrackBehaviour canary = new TrackBehaviour(0.002, 80, 220);
        tracks.put(Track.CANARY, canary);
        List<Scenario.Change> changes = failing
                ? List.of(new Scenario.Change(BREAKS_AT, Map.of(Track.CANARY, canary.withErrorProbability(0.05)), Map.of()))
                : List.of();
        return new Scenario(failing ? "failing" : "healthy", Scenario.DEFAULT_REQUEST_RATE, seed, 0, tracks, Map.of(),
                changes);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            err.println(outDir + ": cannot create the output directory: " + e.getMessage());
            return StepwiseCli.INVALID_INPUT;
        }
        int status = run(false, "A healthy canary", "healthy-canary.svg", out, err);
        out.println();
        return Math.max(status, run(true, "A failing canary: it breaks once it takes 30% of the traffic",
                "failing-canary.svg", out, err));
    }

    private int run(boolean failing, String title, String chart, PrintWriter out, PrintWriter err) {
        Style style = cli.style();
        boolean live = cli.terminal().interactive();
        CanaryStrategy strategy = strategy();
        out.println(style.bold(title + " (seed " + seed + ")"));
        ProgressBar progress = new ProgressBar(out, live, strategy.stepsToSuccess(), style);
        Timeline timeline = ScenarioSimulation.run("podinfo", strategy, scenario(failing, seed), step -> {
            progress.update(step);
            pause(live);
        });
        out.print(TimelineText.render(timeline, style));
        Path file = outDir.resolve(chart);
        try {
            Files.writeString(file, TimelineSvg.render(timeline, strategy.analysis().metrics()));
        } catch (IOException e) {
            err.println(file + ": cannot write: " + e.getMessage());
            return StepwiseCli.INVALID_INPUT;
        }
        out.println("Chart: " + file);
        out.flush();
        return 0;
    }

    private void pause(boolean live) {
        if (!live || delayMs <= 0) {
            return;
        }
        try {
            Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
