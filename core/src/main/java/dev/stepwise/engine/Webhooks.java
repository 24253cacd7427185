package dev.stepwise.engine;

import dev.stepwise.analysis.Verdict;
import dev.stepwise.analysis.Webhook;
import dev.stepwise.rollout.HookResult;
import dev.stepwise.rollout.HookType;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.WebhookClient;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every webhook call for one rollout, in the one place both observing (rollout checks, gates) and
 * applying (action hooks) use. Each call is given the rollout's name, namespace, phase and
 * revision; a client that throws an exception counts as a failed call, never as an exception of the
 * step. An {@link Error} it throws is no answer of the hook's: it propagates, and the engine retries.
 */
final class Webhooks {

    private final RolloutDefinition def;
    private final Map<String, String> context;

    Webhooks(RolloutDefinition def, StoredRollout rec) {
        this.def = def;
        this.context = Map.of("name", def.name(), "namespace", def.namespace(), "phase", rec.state().phase().label(),
                "revision", rec.state().revision());
    }

    /** The verdict of a rollout check: a pass when the hook succeeds, otherwise a failure saying why. */
    Verdict check(Webhook hook) {
        WebhookClient.Outcome outcome = call(hook);
        return outcome.succeeded() ? Verdict.pass(hook.name(), Double.NaN)
                : Verdict.fail(hook.name(), Double.NaN, "webhook failed: " + outcome.message());
    }

    /**
     * Whether {@code gate} is open: when every webhook of its type succeeds (open when none is
     * configured); the rollback trigger when any does (closed when none is configured), as in Flagger.
     */
    boolean gateOpen(HookType gate) {
        List<Webhook> hooks = ofType(gate);
        if (hooks.isEmpty()) {
            return gate != HookType.ROLLBACK;
        }
        if (gate == HookType.ROLLBACK) {
            return hooks.stream().anyMatch(h -> call(h).succeeded());
        }
        return hooks.stream().allMatch(h -> call(h).succeeded());
    }

    /** Calls every action hook of {@code type}; the result names each one that failed. */
    HookResult callAll(HookType type) {
        String failures = ofType(type).stream()
                .map(h -> Map.entry(h.name(), call(h)))
                .filter(e -> !e.getValue().succeeded())
                .map(e -> e.getKey() + ": " + e.getValue().message())
                .collect(Collectors.joining("; "));
        return failures.isEmpty() ? HookResult.succeeded(type) : HookResult.failed(type, failures);
    }

    /** The configured webhooks of {@code type}, in order. */
    List<Webhook> ofType(HookType type) {
        return def.strategy().analysis().webhooks().stream().filter(w -> w.type() == type).toList();
    }

    private WebhookClient.Outcome call(Webhook hook) {
        try {
            return def.webhooks().call(hook, context);
        } catch (RuntimeException e) {
            return WebhookClient.Outcome.failure(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
