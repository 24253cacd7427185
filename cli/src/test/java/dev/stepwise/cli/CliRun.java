package dev.stepwise.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/**
 * One run of the {@code stepwise} command line with captured output, as a test sees it.
 *
 * @param exit the exit status
 * @param out  what went to standard output
 * @param err  what went to standard error
 */
record CliRun(int exit, String out, String err) {

    /** The example specs, from the module's directory (where Maven runs the tests). */
    static final Path SPECS = Path.of("..", "examples", "specs");
    static final Path CANARY = SPECS.resolve("canary.yaml");
    static final Path SCENARIOS = Path.of("..", "examples", "scenarios");

    /** Runs as a script would: not on a terminal, no colours. */
    static CliRun of(Object... args) {
        return on(Terminal.script(), args);
    }

    static CliRun on(Terminal terminal, Object... args) {
        return with(terminal, WatchPace.REAL, args);
    }

    /** Runs with {@code status --watch} keeping time by {@code pace} (a virtual clock in tests). */
    static CliRun with(Terminal terminal, WatchPace pace, Object... args) {
        return with(terminal, pace, ShutdownHooks.JVM, args);
    }

    /** Runs with {@code run}'s Ctrl-C handling registered with {@code hooks} (a test calls it instead of a signal). */
    static CliRun with(Terminal terminal, WatchPace pace, ShutdownHooks hooks, Object... args) {
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        CommandLine commandLine = StepwiseCli.commandLine(terminal, false, pace, hooks);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(strings);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** A terminal with the given environment. */
    static Terminal terminal(Map<String, String> environment) {
        return new Terminal(true, environment);
    }
}
