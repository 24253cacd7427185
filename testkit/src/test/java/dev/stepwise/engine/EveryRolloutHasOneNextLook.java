package dev.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.testkit.VirtualScheduler;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The invariant every engine test ends on: each rollout registered with an engine the test built
 * has exactly one next look scheduled. The engine says it has one ({@link
 * RolloutEngine#rolloutsWithoutNextLook()} is empty), and its scheduler holds exactly as many
 * tasks as the engines on it have rollouts, so no look was lost and none left over. Register it
 * with {@code @RegisterExtension} and pass it every engine the test builds.
 */
final class EveryRolloutHasOneNextLook implements AfterEachCallback {

    private final Map<VirtualScheduler, List<RolloutEngine>> engines = new IdentityHashMap<>();

    /** Checks {@code engine}, on {@code scheduler}, after the test; returns it. */
    synchronized RolloutEngine watch(RolloutEngine engine, VirtualScheduler scheduler) {
        engines.computeIfAbsent(scheduler, s -> new ArrayList<>()).add(engine);
        return engine;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        engines.forEach((scheduler, onIt) -> {
            int rollouts = 0;
            for (RolloutEngine engine : onIt) {
                assertThat(engine.rolloutsWithoutNextLook()).as("rollouts of %s with no next look scheduled", engine).isEmpty();
                rollouts += engine.rollouts().size();
            }
            assertThat(scheduler.pending()).as("looks scheduled on %s for %d registered rollouts", scheduler, rollouts)
                    .isEqualTo(rollouts);
        });
        engines.clear();
    }
}
