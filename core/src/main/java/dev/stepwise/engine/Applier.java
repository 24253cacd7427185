package dev.stepwise.engine;

import dev.stepwise.analysis.Webhook;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.HookResult;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.WebhookClient;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one action through the SPIs. Actions are idempotent, so re-applying a
 * written-ahead transition after a crash is safe; webhooks are called at least once. A split is
 * applied with the transition's {@link dev.stepwise.spi.RouteChange} (from its persisted note), so
 * the router is told the same rollout, step, decision, reason and verdicts on every re-apply.
 */
final class Applier {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutEngine.class);

    private Applier() {
    }

    /** Applies {@code action}; returns the hook result when it called webhooks, else null. */
    static @Nullable HookResult apply(RolloutDefinition def, StoredRollout rec, Action action) {
        if (action instanceof Action.SetTraffic set) {
            def.router().apply(set.split(), rec.note().routeChange(rec.id()));
        } else if (action instanceof Action.ScaleTrack scale) {
            def.workload().scale(scale.track(), scale.percent());
        } else if (action instanceof Action.PromoteCanary promote) {
            def.workload().promote(promote.revision());
        } else if (action instanceof Action.CallWebhook call) {
            return callAll(def, rec, call);
        } else if (action instanceof Action.Emit emit) {
            if (emit.severity() == Action.Emit.Severity.WARNING) {
                LOG.warn("{}: {}", def.id(), emit.message());
            } else {
                LOG.info("{}: {}", def.id(), emit.message());
            }
        }
        return null;
    }

    private static HookResult callAll(RolloutDefinition def, StoredRollout rec, Action.CallWebhook call) {
        Map<String, String> context = Observer.context(def, rec);
        List<Webhook> hooks = Observer.webhooks(def.strategy().analysis(), call.type());
        String failures = hooks.stream()
                .map(h -> Map.entry(h.name(), Observer.call(def.webhooks(), h, context)))
                .filter(e -> !e.getValue().succeeded())
                .map(e -> e.getKey() + ": " + e.getValue().message())
                .collect(Collectors.joining("; "));
        return failures.isEmpty() ? HookResult.succeeded(call.type()) : HookResult.failed(call.type(), failures);
    }
}
