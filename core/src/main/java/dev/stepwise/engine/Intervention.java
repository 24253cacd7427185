package dev.stepwise.engine;

import dev.stepwise.rollout.Command;
import java.util.Set;

/**
 * How the engine sees a rollout it cannot observe normally (see {@link StuckPolicy}): commands it
 * gives in the operator's place, or a rollback it forces.
 */
record Intervention(Set<Command> commands, boolean rollback) {

    static final Intervention NONE = new Intervention(Set.of(), false);

    Intervention {
        commands = Set.copyOf(commands);
    }

    boolean any() {
        return rollback || !commands.isEmpty();
    }
}
