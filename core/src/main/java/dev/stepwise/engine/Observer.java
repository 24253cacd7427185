package dev.stepwise.engine;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.analysis.Webhook;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.Observation;
import dev.stepwise.spi.MetricQuery;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.WebhookClient;
import dev.stepwise.traffic.Track;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the observation for one step: exactly what the previous transition asked for (the
 * analysis, the gates), plus revision, readiness, operator commands and hook results. Metric
 * failures become verdicts (never exceptions); SPI exceptions from the workload propagate, and
 * the engine retries.
 */
final class Observer {

    private Observer() {
    }

    static Observation observe(RolloutDefinition def, StoredRollout rec, Instant now, boolean forceRollback) {
        Observation.Builder obs = Observation.at(now, def.workload().canaryRevision())
                .readyTracks(def.workload().readyTracks())
                .commands(rec.commands())
                .hookResults(rec.hookResults());
        AnalysisPolicy policy = def.strategy().analysis();
        Map<String, String> context = context(def, rec);
        if (rec.next().analysis()) {
            policy.metrics().forEach(check -> obs.verdict(judge(def, check, policy.interval())));
            webhooks(policy, HookType.ROLLOUT).forEach(hook -> obs.verdict(check(def.webhooks(), hook, context)));
        }
        for (HookType gate : rec.next().gates()) {
            if (gateOpen(def.webhooks(), webhooks(policy, gate), gate, context)) {
                obs.open(gate);
            }
        }
        if (forceRollback) {
            obs.open(HookType.ROLLBACK);
        }
        return obs.build();
    }

    /** The observation for a rollout whose SPIs keep failing: only what the engine itself knows. */
    static Observation fallback(StoredRollout rec, Instant now, boolean forceRollback) {
        Observation.Builder obs = Observation.at(now, rec.state().revision()).readyTracks(List.of())
                .commands(rec.commands());
        if (forceRollback) {
            obs.open(HookType.ROLLBACK);
        }
        return obs.build();
    }

    private static Verdict judge(RolloutDefinition def, MetricCheck check, Duration interval) {
        Duration window = check.window(interval);
        Map<String, String> variables = new HashMap<>(def.variables());
        variables.put("namespace", def.namespace());
        variables.put("target", def.name());
        variables.put("interval", window.toSeconds() + "s");
        MetricQuery query = new MetricQuery(check.name(), check.query(), Track.CANARY, window, variables);
        MetricResult result;
        try {
            result = def.metrics().query(query);
        } catch (RuntimeException e) {
            // The contract says a source never throws; one that does still must not fail a step.
            result = new MetricResult.Failed("metric source threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (result instanceof MetricResult.Value value) {
            return check.thresholdRange().judge(check.name(), value.value());
        }
        if (result instanceof MetricResult.NoData noData) {
            return Verdict.noData(check.name(), noData.reason());
        }
        return Verdict.error(check.name(), ((MetricResult.Failed) result).reason());
    }

    private static Verdict check(WebhookClient client, Webhook hook, Map<String, String> context) {
        WebhookClient.Outcome outcome = call(client, hook, context);
        return outcome.succeeded() ? Verdict.pass(hook.name(), Double.NaN)
                : Verdict.fail(hook.name(), Double.NaN, "webhook failed: " + outcome.message());
    }

    /** A gate is open when every webhook of its type succeeds; the rollback trigger when any does (as in Flagger). */
    private static boolean gateOpen(WebhookClient client, List<Webhook> hooks, HookType gate, Map<String, String> context) {
        if (hooks.isEmpty()) {
            return gate != HookType.ROLLBACK;
        }
        if (gate == HookType.ROLLBACK) {
            return hooks.stream().anyMatch(h -> call(client, h, context).succeeded());
        }
        return hooks.stream().allMatch(h -> call(client, h, context).succeeded());
    }

    static WebhookClient.Outcome call(WebhookClient client, Webhook hook, Map<String, String> context) {
        try {
            return client.call(hook, context);
        } catch (RuntimeException e) {
            return WebhookClient.Outcome.failure(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    static List<Webhook> webhooks(AnalysisPolicy policy, HookType type) {
        return policy.webhooks().stream().filter(w -> w.type() == type).toList();
    }

    static Map<String, String> context(RolloutDefinition def, StoredRollout rec) {
        return Map.of("name", def.name(), "namespace", def.namespace(), "phase", rec.state().phase().label(),
                "revision", rec.state().revision());
    }
}
