package dev.stepwise.rollout;

import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * When the engine should call the strategy again, and what it must observe first.
 *
 * @param after    how long to wait; typically the analysis interval
 * @param analysis whether to run the analysis (at the split in force) for the next step
 * @param gates    gates and triggers whose webhooks to ask before the next step; only configured
 *                 ones are listed
 */
public record NextLook(Duration after, boolean analysis, Set<HookType> gates) {

    public NextLook {
        InvalidValueException.requireNonNull("after", after);
        if (after.isNegative()) {
            throw new InvalidValueException("after", after, "must not be negative");
        }
        gates = gates.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(gates));
    }

    /** Nothing more to look at: terminal phases. */
    public static NextLook never() {
        return new NextLook(Duration.ZERO, false, Set.of());
    }
}
