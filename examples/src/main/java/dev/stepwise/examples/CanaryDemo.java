package dev.stepwise.examples;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Decision;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.testkit.RolloutSimulation;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.SimulationResult;
import dev.stepwise.testkit.Step;
import java.io.PrintStream;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * A canary rollout on virtual time: no cluster, no Prometheus, nothing to install. A simulated
 * service answers requests; the canary strategy shifts traffic to the new revision step by step
 * and judges it every (virtual) minute.
 *
 * <pre>
 * CanaryDemo                 a healthy canary, then a failing one
 * CanaryDemo --healthy       only the healthy canary: Succeeded
 * CanaryDemo --failing       only the failing canary: RolledBack
 * CanaryDemo --seed 7        another seed for the simulated traffic (default 42)
 * </pre>
 */
public final class CanaryDemo {

    private static final int THRESHOLD = 2;

    private CanaryDemo() {
    }

    /** Canary steps of 10% up to 50%, an analysis every minute, roll back at the second failed one. */
    static CanaryStrategy strategy() {
        return CanaryStrategy.builder()
                .stepWeight(10)
                .maxWeight(50)
                .analysis(AnalysisPolicy.builder()
                        .interval(Duration.ofMinutes(1))
                        .threshold(THRESHOLD)
                        .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99)))
                        .metric(MetricCheck.builtIn(MetricCheck.REQUEST_DURATION, ThresholdRange.atMost(500)))
                        .build())
                .build();
    }

    /** Runs one rollout, printing a line per step, and returns how it ended. */
    public static SimulationResult simulate(boolean failing, long seed, PrintStream out, boolean colour) {
        SimulatedService service = SimulatedService.builder()
                .seed(seed)
                .canaryErrorProbability(0.002)
                .canaryLatency(80, 220)
                .build();
        out.println((failing ? "A failing canary: it breaks once it takes 30% of the traffic" : "A healthy canary")
                + " (seed " + seed + ")");
        out.println(String.format("%-7s %-11s %-24s %-41s    %s", " time", "phase", "traffic analysed", "verdicts",
                "decision: why"));
        SimulationResult result = RolloutSimulation.builder(strategy())
                .service(service)
                .listener(step -> {
                    out.println(line(step, colour));
                    if (failing && step.split().canary() >= 30) {
                        service.canaryErrorProbability(0.05);
                    }
                })
                .build()
                .run();
        out.println("Result: " + paint(result.phase().label(), result.lastStep().decision(), colour) + " after "
                + result.stepCount() + " steps (" + minutes(result.elapsed()) + " virtual)");
        return result;
    }

    /** E.g. {@code [  +5m] Progressing  stable 60% / canary 40%  success-rate 99.83% Pass, p99 213ms Pass  -> advance: ...}. */
    static String line(Step step, boolean colour) {
        String verdicts = step.verdicts().stream().map(CanaryDemo::verdict).collect(Collectors.joining(", "));
        String why = step.analysis() == AnalysisOutcome.FAIL
                ? "analysis failed " + step.state().failedAnalyses() + " of " + THRESHOLD + " times"
                : step.reason();
        if (step.state().phase().isTerminal() && !step.split().equals(step.splitBefore())) {
            why += "; now " + step.state().split();
        }
        return String.format("[%5s] %-11s %-24s %-41s -> %s: %s", "+" + minutes(step.elapsed()), step.phase(),
                step.splitBefore(), verdicts, paint(step.decision().label(), step.decision(), colour), why);
    }

    private static String verdict(Verdict v) {
        String value = !v.hasObservedValue() ? "-"
                : MetricCheck.REQUEST_SUCCESS_RATE.equals(v.metric()) ? String.format("%.2f%%", v.observed())
                : String.format("%.0fms", v.observed());
        String name = MetricCheck.REQUEST_SUCCESS_RATE.equals(v.metric()) ? "success-rate"
                : MetricCheck.REQUEST_DURATION.equals(v.metric()) ? "p99" : v.metric();
        return name + " " + value + " " + v.status();
    }

    private static String minutes(Duration d) {
        return d.toSecondsPart() == 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
    }

    /** Green for going on, yellow for holding, red for rolling back; plain text when not on a terminal. */
    private static String paint(String text, Decision decision, boolean colour) {
        if (!colour) {
            return text;
        }
        String code = decision == Decision.ROLL_BACK || decision == Decision.ABORT ? "31"
                : decision == Decision.HOLD || decision == Decision.WAIT ? "33" : "32";
        return "\u001b[" + code + "m" + text + "\u001b[0m";
    }

    /** Runs the demo for command-line {@code args}; returns the exit status (0, or 2 for bad arguments). */
    static int run(String[] args, PrintStream out, PrintStream err, boolean colour) {
        boolean healthy = true;
        boolean failing = true;
        long seed = SimulatedService.DEFAULT_SEED;
        for (int i = 0; i < args.length; i++) {
            if ("--failing".equals(args[i])) {
                healthy = false;
            } else if ("--healthy".equals(args[i])) {
                failing = false;
            } else if ("--seed".equals(args[i]) && i + 1 < args.length && args[i + 1].matches("-?\\d{1,18}")) {
                seed = Long.parseLong(args[++i]);
            } else {
                err.println("unknown or incomplete argument: " + args[i]);
                err.println("usage: CanaryDemo [--healthy | --failing] [--seed N]");
                return 2;
            }
        }
        if (!healthy && !failing) {
            err.println("--healthy and --failing exclude each other; give neither to run both");
            return 2;
        }
        if (healthy) {
            simulate(false, seed, out, colour);
        }
        if (healthy && failing) {
            out.println();
        }
        if (failing) {
            simulate(true, seed, out, colour);
        }
        return 0;
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err, System.console() != null);
        if (status != 0) {
            System.exit(status);
        }
    }
}
