package dev.stepwise.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code stepwise} command. Exit status: 0 when the command did its work, 1 for an invalid
 * or unreadable spec or scenario (or an output that could not be written), or an unknown rollout or
 * a refused operator command, 2 for a bad command line, 3 when the state store cannot be reached.
 */
@Command(name = "stepwise",
        mixinStandardHelpOptions = true,
        versionProvider = StepwiseCli.Version.class,
        description = "Progressive delivery on Kubernetes: check rollout specs, rehearse rollouts on virtual time and act on running ones.",
        subcommands = {ValidateCommand.class, PlanCommand.class, ImportCommand.class, RenderCommand.class, DemoCommand.class, RunCommand.class,
                StatusCommand.class, SendCommand.Pause.class, SendCommand.Resume.class, SendCommand.Promote.class,
                SendCommand.Abort.class, SendCommand.Retry.class, CommandLine.HelpCommand.class},
        footer = {"", "Colours only on a terminal; never with --no-color or when NO_COLOR is set."})
public final class StepwiseCli implements Callable<Integer> {

    /** Exit status for an invalid or unreadable input. */
    static final int INVALID_INPUT = 1;
    /** Exit status when the state store cannot be read or written. */
    static final int STORE_UNREACHABLE = 3;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "Plain text, no ANSI colours.")
    boolean noColor;

    @CommandLine.Spec
    CommandSpec spec;

    private final Terminal terminal;
    private final WatchPace pace;
    private final ShutdownHooks hooks;

    StepwiseCli(Terminal terminal, WatchPace pace, ShutdownHooks hooks) {
        this.terminal = terminal;
        this.pace = pace;
        this.hooks = hooks;
    }

    public static void main(String[] args) {
        Terminal terminal = Terminal.system();
        boolean colour = terminal.colour(Arrays.asList(args).contains("--no-color"));
        System.exit(commandLine(terminal, colour).execute(args));
    }

    /** The command line, with output to the standard streams (tests replace them with {@code setOut}/{@code setErr}). */
    static CommandLine commandLine(Terminal terminal, boolean colourHelp) {
        return commandLine(terminal, colourHelp, WatchPace.REAL);
    }

    /** The command line, with {@code status --watch} keeping time by {@code pace}. */
    static CommandLine commandLine(Terminal terminal, boolean colourHelp, WatchPace pace) {
        return commandLine(terminal, colourHelp, pace, ShutdownHooks.JVM);
    }

    /** The command line, with {@code run}'s Ctrl-C handling registered with {@code hooks}. */
    static CommandLine commandLine(Terminal terminal, boolean colourHelp, WatchPace pace, ShutdownHooks hooks) {
        CommandLine commandLine = new CommandLine(new StepwiseCli(terminal, pace, hooks));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(
                colourHelp ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        return commandLine;
    }

    Terminal terminal() {
        return terminal;
    }

    WatchPace pace() {
        return pace;
    }

    ShutdownHooks hooks() {
        return hooks;
    }

    /** How to style output: colours only on a terminal, never with {@code --no-color} or {@code NO_COLOR}. */
    Style style() {
        return new Style(terminal.colour(noColor));
    }

    /** Without a subcommand: the usage, on standard error, as for any bad command line. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return spec.commandLine().getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The project version, from {@code version.properties} (filled in by the build). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = StepwiseCli.class.getResourceAsStream("/version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"stepwise " + properties.getProperty("version", "(unknown version)"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
