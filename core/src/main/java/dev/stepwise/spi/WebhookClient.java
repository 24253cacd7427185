package dev.stepwise.spi;

import dev.stepwise.analysis.Webhook;
import dev.stepwise.validation.InvalidValueException;
import java.util.Map;

/**
 * Calls a rollout's webhooks (gates, action hooks, checks, the rollback trigger).
 *
 * <p><b>Contract.</b> {@link #call} never throws for an expected failure: a refused connection, a
 * timeout or a non-2xx answer is an unsuccessful {@link Outcome} with the reason. Success is an
 * HTTP status up to 202, as in Flagger. The payload names the rollout and phase; the webhook's
 * metadata is sent but never logged (it may hold tokens).
 */
public interface WebhookClient {

    /** Calls {@code webhook} for the rollout described by {@code context}. */
    Outcome call(Webhook webhook, Map<String, String> context);

    /** What a webhook answered. */
    record Outcome(boolean succeeded, String message) {
        public Outcome {
            InvalidValueException.requireNonNull("message", message);
        }

        public static Outcome success() {
            return new Outcome(true, "");
        }

        public static Outcome failure(String message) {
            return new Outcome(false, message);
        }
    }
}
