package dev.stepwise.engine;

import dev.stepwise.spi.MetricSource;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.spi.WebhookClient;
import dev.stepwise.spi.Workload;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.traffic.TrafficNeeds;
import dev.stepwise.validation.Problems;
import dev.stepwise.webhook.HttpWebhookClient;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One rollout target registered with a {@link RolloutEngine}: its strategy and the SPIs that
 * move its traffic, scale its pods, read its metrics and call its webhooks.
 *
 * <p>Construction checks every field and reports all problems at once in an
 * {@link dev.stepwise.validation.InvalidConfigException}. Among them: a strategy whose
 * {@link Strategy#trafficNeeds() needs} the router's {@link TrafficRouter#capabilities()
 * capabilities} lack (a header match, a mirror, percent weights, a weight off the router's
 * granularity) is a problem at {@code router}, one per capability, with the reason. So a rollout the
 * mesh cannot carry out is refused before it is registered and before anything is touched.
 *
 * @param namespace  the target's namespace (a metric template variable)
 * @param name       the target's name; {@code namespace/name} is the rollout's id
 * @param strategy   how it rolls out
 * @param router     its route
 * @param workload   its pods
 * @param metrics    where its metric checks are read
 * @param webhooks   how its webhooks are called
 * @param variables  extra metric template variables
 */
public record RolloutDefinition(String namespace, String name, Strategy strategy, TrafficRouter router,
                                Workload workload, MetricSource metrics, WebhookClient webhooks,
                                Map<String, String> variables) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public RolloutDefinition {
        Problems problems = new Problems();
        if (namespace == null || !DNS_LABEL.matcher(namespace).matches()) {
            problems.add("namespace", "\"" + namespace + "\" must be a DNS-1123 label (lower-case letters, digits, '-')");
        }
        if (name == null || !DNS_LABEL.matcher(name).matches()) {
            problems.add("name", "\"" + name + "\" must be a DNS-1123 label (lower-case letters, digits, '-')");
        }
        if (strategy == null) {
            problems.add("strategy", "is required");
        }
        if (router == null) {
            problems.add("router", "is required");
        }
        if (strategy != null && router != null) {
            checkCapabilities(strategy, router, problems);
        }
        if (workload == null) {
            problems.add("workload", "is required");
        }
        if (metrics == null) {
            problems.add("metrics", "is required (a MetricSource; a rollout without metric checks may pass one that is never asked)");
        }
        if (webhooks == null) {
            problems.add("webhooks", "is required (a WebhookClient)");
        }
        problems.throwIfAny("rollout definition");
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }

    /** Every need of the strategy the router lacks, as a problem at {@code router}. */
    private static void checkCapabilities(Strategy strategy, TrafficRouter router, Problems problems) {
        TrafficNeeds needs = strategy.trafficNeeds();
        if (needs == null) {
            problems.add("strategy", "trafficNeeds() returned null; it must say what the strategy needs from a router");
            return;
        }
        router.capabilities().check(needs).forEach(reason -> problems.add("router", reason));
    }

    /** {@code namespace/name}. */
    public String id() {
        return namespace + "/" + name;
    }

    public static Builder builder(String namespace, String name) {
        return new Builder(namespace, name);
    }

    @Override
    public String toString() {
        return "RolloutDefinition[" + id() + ", " + strategy + ", variables " + new TreeMap<>(variables).keySet() + "]";
    }

    /** Builder; the webhook client defaults to {@link HttpWebhookClient#shared()}, used only if a webhook is called. */
    public static final class Builder {
        private final String namespace;
        private final String name;
        private @Nullable Strategy strategy;
        private @Nullable TrafficRouter router;
        private @Nullable Workload workload;
        private @Nullable MetricSource metrics;
        private WebhookClient webhooks = (webhook, context) -> HttpWebhookClient.shared().call(webhook, context);
        private Map<String, String> variables = Map.of();

        private Builder(String namespace, String name) {
            this.namespace = namespace;
            this.name = name;
        }

        public Builder strategy(Strategy strategy) {
            this.strategy = strategy;
            return this;
        }

        public Builder router(TrafficRouter router) {
            this.router = router;
            return this;
        }

        public Builder workload(Workload workload) {
            this.workload = workload;
            return this;
        }

        public Builder metrics(MetricSource metrics) {
            this.metrics = metrics;
            return this;
        }

        public Builder webhooks(WebhookClient webhooks) {
            this.webhooks = webhooks;
            return this;
        }

        public Builder variables(Map<String, String> variables) {
            this.variables = variables;
            return this;
        }

        @SuppressWarnings("NullAway") // a part not set is null here: the constructor names each one missing
        public RolloutDefinition build() {
            return new RolloutDefinition(namespace, name, strategy, router, workload, metrics, webhooks, variables);
        }
    }
}
