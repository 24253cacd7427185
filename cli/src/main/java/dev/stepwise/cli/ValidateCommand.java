package dev.stepwise.cli;

import dev.stepwise.input.InputLimits;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.spec.StrategyProviders;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.validation.InvalidConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stepwise validate SPEC...}: reads every spec and reports each one's problems. */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        versionProvider = StepwiseCli.Version.class,
        description = {"Checks rollout spec files (YAML or JSON).",
                "Prints one line per valid spec, and every problem with its path for each invalid one.",
                "Exit status: 0 when all are valid, 1 otherwise."})
final class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files: .yaml, .yml or .json.")
    List<Path> specs;

    @CommandLine.Mixin
    ClassPathOption classPath = new ClassPathOption();

    @ParentCommand
    StepwiseCli cli;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Style style = cli.style();
        Optional<ClassPathOption.Plugins> plugins = classPath.open(err);
        if (plugins.isEmpty()) {
            return StepwiseCli.INVALID_INPUT;
        }
        try (ClassPathOption.Plugins opened = plugins.get()) {
            return validate(opened.strategies(), out, err, style);
        } catch (IOException e) {
            err.println(classPath + ": cannot close: " + e.getMessage());
            return StepwiseCli.INVALID_INPUT;
        }
    }

    private int validate(StrategyProviders strategies, PrintWriter out, PrintWriter err, Style style) {
        boolean allValid = true;
        for (Path file : specs) {
            try {
                Strategy strategy = RolloutSpec.read(file, InputLimits.ofDefaults(), strategies).strategy();
                out.println(file + ": " + style.good("valid") + " (" + strategy.kind().label() + ", "
                        + strategy.stepsToSuccess() + " steps when healthy)");
            } catch (InvalidConfigException e) {
                Inputs.printProblems(out, file, e, style);
                allValid = false;
            } catch (IOException e) {
                err.println(Inputs.cannotRead(file, e));
                allValid = false;
            }
        }
        out.flush();
        return allValid ? 0 : StepwiseCli.INVALID_INPUT;
    }
}
