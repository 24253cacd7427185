package dev.stepwise.cli;

import dev.stepwise.spi.StoredRollout;
import dev.stepwise.time.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stepwise status NAME [-n NAMESPACE] [--watch [--interval 2s]] [--output text|json]}:
 * what the state store holds for a rollout. With {@code --watch} it reads the store again every
 * interval and prints the rollout each time it changed, until the rollout ends (or Ctrl-C).
 */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        versionProvider = StepwiseCli.Version.class,
        description = {"Shows a rollout as its state store holds it: phase, split, step, last decision and verdicts,",
                "pending commands, a hold by a conflicting change, and when the engine looks next.",
                "Exit status: 0 when shown, 1 for an unknown rollout, 3 when the store cannot be reached."})
final class StatusCommand extends StoreCommand {

    /** How the rollout is printed. */
    enum Output { TEXT, JSON }

    @Option(names = {"-w", "--watch"}, description = "Print it again whenever it changes, until it ends (Ctrl-C to stop).")
    boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "How often --watch reads the store (e.g. 2s, 500ms, 1m); default ${DEFAULT-VALUE}.")
    Duration interval = Duration.ofSeconds(2);

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (one object per line); default ${DEFAULT-VALUE}.")
    Output output = Output.TEXT;

    @Override
    int run(OpenStore store, PrintWriter out, PrintWriter err) {
        if (interval.isNegative() || interval.isZero()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--interval must be positive, e.g. 2s");
        }
        Optional<StoredRollout> rec = load(store, err);
        if (rec.isEmpty()) {
            return StepwiseCli.INVALID_INPUT;
        }
        print(rec.get(), store, out);
        if (!watch) {
            return 0;
        }
        long shown = rec.get().version();
        StoredRollout now = rec.get();
        while (!now.state().phase().isTerminal()) {
            try {
                cli.pace().sleeper().sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
            Optional<StoredRollout> next = store.store().load(rollout.id());
            if (next.isEmpty()) {
                err.println("status: rollout " + rollout.id() + " was removed from " + store.where());
                return StepwiseCli.INVALID_INPUT;
            }
            now = next.get();
            if (now.version() != shown) {
                shown = now.version();
                if (output == Output.TEXT && cli.terminal().interactive()) {
                    out.print("\u001b[H\u001b[2J"); // redraw in place, as kubectl argo rollouts get --watch
                } else if (output == Output.TEXT) {
                    out.println("---");
                }
                print(now, store, out);
            }
        }
        return 0;
    }

    private void print(StoredRollout rec, OpenStore store, PrintWriter out) {
        out.print(output == Output.JSON ? StatusJson.of(rec) + "\n"
                : StatusText.of(rec, store.where(), cli.pace().clock().instant(), cli.style()));
        out.flush();
    }

    /** Go-style or ISO-8601 durations, as in specs. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Durations.parse(value);
        }
    }
}
