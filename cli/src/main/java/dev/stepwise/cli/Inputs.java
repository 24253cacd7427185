package dev.stepwise.cli;

import dev.stepwise.input.InputLimits;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.spec.StrategyProviders;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** How the commands report inputs they cannot use: one wording everywhere. */
final class Inputs {

    private Inputs() {
    }

    /** E.g. {@code bad.yaml: cannot read: no such file}. */
    static String cannotRead(Path file, IOException e) {
        String why = e instanceof NoSuchFileException ? "no such file"
                : e instanceof AccessDeniedException ? "permission denied"
                : e.getMessage() == null ? "input/output error" : e.getMessage();
        return file + ": cannot read: " + why;
    }

    /** The spec in {@code file}; empty, with every problem (or why it cannot be read) on {@code err}, when unusable. */
    static Optional<RolloutSpec> readSpec(Path file, PrintWriter err, Style style) {
        return readSpec(file, StrategyProviders.installed(), err, style);
    }

    /** As {@link #readSpec(Path, PrintWriter, Style)}, a custom strategy looked up in {@code strategies}. */
    static Optional<RolloutSpec> readSpec(Path file, StrategyProviders strategies, PrintWriter err, Style style) {
        try {
            return Optional.of(RolloutSpec.read(file, InputLimits.ofDefaults(), strategies));
        } catch (InvalidConfigException e) {
            printProblems(err, file, e, style);
        } catch (IOException e) {
            err.println(cannotRead(file, e));
        }
        return Optional.empty();
    }

    /** {@code FILE: invalid (N problems)}, then each problem indented, with its path. */
    static void printProblems(PrintWriter out, Path file, InvalidConfigException e, Style style) {
        int n = e.problems().size();
        out.println(file + ": " + style.bad("invalid") + " (" + n
                + (n == 1 ? " problem)" : " problems)"));
        for (Problem problem : e.problems()) {
            out.println("  " + problem);
        }
    }
}
