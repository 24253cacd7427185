package dev.stepwise.rollout;

import dev.stepwise.validation.InvalidValueException;

/**
 * The outcome of an {@link HookType.Kind#ACTION action} hook the strategy asked for in its
 * previous transition.
 *
 * @param type      which hook ran
 * @param succeeded whether it answered with success
 * @param message   what it answered or why it failed (never a secret)
 */
public record HookResult(HookType type, boolean succeeded, String message) {

    public HookResult {
        InvalidValueException.requireNonNull("type", type);
        message = message == null ? "" : message;
    }

    public static HookResult succeeded(HookType type) {
        return new HookResult(type, true, "");
    }

    public static HookResult failed(HookType type, String message) {
        return new HookResult(type, false, message);
    }
}
