package dev.stepwise.cli;

import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.engine.RolloutListener;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.timeline.Timeline;
import dev.stepwise.traffic.TrafficSplit;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@code stepwise run} shows while the engine drives the rollout: a {@link ProgressBar} line
 * per step, the engine's failures, stalls and conflicts as they happen (on standard error), and at
 * the end the steps as a {@link TimelineText} table (times since the first step seen by this run).
 * Thread-safe: the engine calls it from its threads.
 */
final class RunProgress implements RolloutListener {

    private final String rollout;
    private final Strategy strategy;
    private final PrintWriter out;
    private final PrintWriter err;
    private final ProgressBar bar;
    private final Style style;
    private final Runnable onChange;
    private final List<Timeline.Entry> entries = new ArrayList<>();
    private @Nullable Instant first;
    private int steps;

    RunProgress(String rollout, Strategy strategy, PrintWriter out, PrintWriter err, ProgressBar bar, Style style,
                Runnable onChange) {
        this.rollout = rollout;
        this.style = style;
        this.strategy = strategy;
        this.out = out;
        this.err = err;
        this.bar = bar;
        this.onChange = onChange;
    }

    @Override
    public void onEvent(RolloutEvent event) {
        synchronized (this) {
            if (event instanceof RolloutEvent.Stepped stepped) {
                stepped(stepped.at(), stepped.transition());
            } else if (event instanceof RolloutEvent.Failed failed) {
                err.println("attempt " + failed.attempt() + " failed: " + failed.error() + "; trying again in "
                        + failed.retryIn().toSeconds() + "s");
            } else if (event instanceof RolloutEvent.Stuck stuck) {
                err.println("stuck (" + stuck.policy() + "): " + stuck.error());
            } else if (event instanceof RolloutEvent.Conflicted conflicted) {
                err.println("held: " + conflicted.message() + "; `stepwise resume` applies the step over the change,"
                        + " `stepwise abort` ends the rollout");
            }
            err.flush();
        }
        onChange.run();
    }

    private void stepped(Instant at, Transition transition) {
        if (first == null) {
            first = at;
        }
        RolloutState state = transition.state();
        TrafficSplit split = state.split();
        steps++;
        entries.add(new Timeline.Entry(Duration.between(first, at).abs(), state.phase(), split.stable(), split.canary(),
                split.baseline(), split.mirrorPercent(), transition.analysis(), List.of(), transition.decision(),
                transition.reason()));
        bar.update(steps, state.phase(), split);
    }

    /** The steps this run saw, ending in {@code result}; empty when it saw none. */
    synchronized Optional<String> timeline(Phase result) {
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(TimelineText.render(new Timeline(rollout, strategy.kind(), result, entries), style));
    }

    /** Prints a line between progress lines. */
    synchronized void say(String line) {
        out.println(line);
        out.flush();
    }
}
