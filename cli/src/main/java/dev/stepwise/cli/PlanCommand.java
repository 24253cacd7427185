package dev.stepwise.cli;

import dev.stepwise.importer.ImportedSpec;
import dev.stepwise.importer.ManifestImporter;
import dev.stepwise.input.InputLimits;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.spec.StrategyProviders;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.timeline.Timeline;
import dev.stepwise.timeline.TimelineJson;
import dev.stepwise.timeline.TimelineSvg;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stepwise plan SPEC --scenario ...}: the spec's strategy simulated on virtual time. */
@Command(name = "plan",
        mixinStandardHelpOptions = true,
        versionProvider = StepwiseCli.Version.class,
        description = {"Simulates the spec's rollout on virtual time against a simulated service and prints what "
                + "it would do, step by step.",
                "Exit status: 0 when the plan ran, whatever the rollout's result; 1 for an invalid spec or scenario."},
        footer = {"", "Scenarios:",
                "  healthy  every track answers alike: 0.1%% errors, median 50ms, p99 200ms",
                "  failing  the canary fails every analysis: half its requests fail,",
                "           and its latency is far above every threshold",
                "  FILE     a YAML scenario; see examples/scenarios/ for one with every field",
                "Custom-query metrics cannot be measured in a simulation: the scenario",
                "gives their values (default: inside their threshold range)."})
final class PlanCommand implements Callable<Integer> {

    /** Lower-case, as the help and the command line show them. */
    enum Format { text, json }

    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "The rollout spec: .yaml, .yml or .json; "
            + "with --from, the other tool's manifest files.")
    List<Path> files;

    @Option(names = "--from", paramLabel = "flagger|argo",
            description = "Plans the rollout imported from Flagger or Argo Rollouts manifests, as `stepwise import` "
                    + "writes it; what could not be carried over goes to standard error.")
    @Nullable String from;

    @Option(names = "--scenario", paramLabel = "healthy|failing|FILE", defaultValue = "healthy",
            description = "How the service behaves; default ${DEFAULT-VALUE}.")
    String scenarioName;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the simulated traffic; default the scenario's (42).")
    @Nullable Long seed;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text: a line per step; json: the timeline for scripts. Default ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--svg", paramLabel = "OUT.svg", description = "Also write the timeline as an SVG chart.")
    @Nullable Path svg;

    @CommandLine.Mixin
    ClassPathOption classPath = new ClassPathOption();

    @ParentCommand
    StepwiseCli cli;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (from == null && files.size() != 1) {
            err.println("plan takes one SPEC (several files only with --from)");
            return spec.exitCodeOnInvalidInput();
        }
        Optional<ClassPathOption.Plugins> plugins = classPath.open(err);
        if (plugins.isEmpty()) {
            return StepwiseCli.INVALID_INPUT;
        }
        try (ClassPathOption.Plugins opened = plugins.get()) {
            return plan(opened.strategies(), err);
        } catch (IOException e) {
            err.println(classPath + ": cannot close: " + e.getMessage());
            return StepwiseCli.INVALID_INPUT;
        }
    }

    private int plan(StrategyProviders strategies, PrintWriter err) {
        Style style = cli.style();
        if (from != null) {
            Optional<ManifestImporter> importer = Imports.importer(from, err);
            if (importer.isEmpty()) {
                return spec.exitCodeOnInvalidInput();
            }
            return Imports.run(importer.get(), files, err)
                    .map(specs -> planImported(specs, strategies, err, style))
                    .orElse(StepwiseCli.INVALID_INPUT);
        }
        Path specFile = files.get(0);
        Optional<RolloutSpec> rollout = Inputs.readSpec(specFile, strategies, err, style);
        return rollout.isEmpty() ? StepwiseCli.INVALID_INPUT : plan(rollout.get(), specFile.toString(), err, style);
    }

    /** The one imported spec, read as {@code plan SPEC} reads the file {@code stepwise import} writes. */
    private int planImported(List<ImportedSpec> specs, StrategyProviders strategies, PrintWriter err, Style style) {
        if (specs.size() != 1) {
            err.println("plan --from takes one rollout; the files hold " + specs.size() + ": "
                    + specs.stream().map(ImportedSpec::source).toList());
            return StepwiseCli.INVALID_INPUT;
        }
        ImportedSpec imported = specs.get(0);
        try {
            RolloutSpec rollout = RolloutSpec.parseYaml(imported.yaml(), imported.source(), InputLimits.ofDefaults(),
                    strategies);
            return plan(rollout, imported.source(), err, style);
        } catch (InvalidConfigException e) {
            Inputs.printProblems(err, Path.of(imported.source()), e, style);
            return StepwiseCli.INVALID_INPUT;
        }
    }

    private int plan(RolloutSpec rollout, String source, PrintWriter err, Style style) {
        PrintWriter out = spec.commandLine().getOut();
        Strategy strategy = rollout.strategy();
        Optional<Scenario> scenario = readScenario(strategy, err, style);
        if (scenario.isEmpty()) {
            return StepwiseCli.INVALID_INPUT;
        }
        Scenario chosen = seed == null ? scenario.get() : scenario.get().withSeed(seed);
        ScenarioSimulation.notes(strategy, chosen).forEach(note -> err.println("note: " + note));
        Timeline timeline;
        List<Map<String, Double>> stableValues = new ArrayList<>();
        try {
            timeline = ScenarioSimulation.run(rollout.metadata().name(), strategy, chosen,
                    step -> stableValues.add(step.stableValues()));
        } catch (IllegalStateException e) {
            err.println(source + ": " + e.getMessage());
            return StepwiseCli.INVALID_INPUT;
        }
        if (format == Format.json) {
            out.print(TimelineJson.write(timeline));
        } else {
            out.println(style.bold(rollout.metadata().name() + ": " + strategy.kind().label() + " rollout, scenario "
                    + chosen.name() + " (seed " + chosen.seed() + ")"));
            out.print(TimelineText.render(timeline, stableValues, style));
        }
        out.flush();
        return svg == null ? 0 : writeSvg(timeline, strategy, err);
    }

    private Optional<Scenario> readScenario(Strategy strategy, PrintWriter err, Style style) {
        if ("healthy".equals(scenarioName)) {
            return Optional.of(Scenario.healthy(strategy));
        }
        if ("failing".equals(scenarioName)) {
            return Optional.of(Scenario.failing(strategy));
        }
        Path file = Path.of(scenarioName);
        try {
            Scenario scenario = ScenarioReader.read(file);
            List<Problem> misfits = scenario.problemsWith(strategy);
            if (!misfits.isEmpty()) {
                throw new InvalidConfigException("scenario " + file, misfits);
            }
            return Optional.of(scenario);
        } catch (InvalidConfigException e) {
            Inputs.printProblems(err, file, e, style);
        } catch (IOException e) {
            err.println(Inputs.cannotRead(file, e) + " (a scenario is healthy, failing or a file)");
        }
        return Optional.empty();
    }

    private int writeSvg(Timeline timeline, Strategy strategy, PrintWriter err) {
        try {
            Path parent = Objects.requireNonNull(svg, "called with --svg").toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(svg, TimelineSvg.render(timeline, strategy.analysis().metrics()));
        } catch (IOException e) {
            err.println(svg + ": cannot write: " + e.getMessage());
            return StepwiseCli.INVALID_INPUT;
        }
        err.println("chart written to " + svg);
        return 0;
    }
}
