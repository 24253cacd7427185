package dev.stepwise.launch;

import dev.stepwise.spi.MetricSource;
import dev.stepwise.spi.WebhookClient;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.webhook.HttpWebhookClient;
import org.jspecify.annotations.Nullable;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a spec does not say and a running rollout needs: the clock, the clients of the systems it
 * reaches (a fabric8 {@code KubernetesClient}, which core cannot name, is put in the typed service
 * bag with {@link Builder#with}), where Git working copies go, how secrets are read. Immutable.
 *
 * <p>Defaults: the system clock in UTC; no services; no Git directory; environment variables from
 * {@link System#getenv()}; namespace {@value #DEFAULT_NAMESPACE} for a spec without one; webhooks
 * called with {@link HttpWebhookClient#shared()}; metrics from {@code spec.metricsServer}.
 */
public final class LaunchEnvironment {

    /** The namespace of a spec that names none, by default. */
    public static final String DEFAULT_NAMESPACE = "default";

    private final Clock clock;
    private final Map<Class<?>, Object> services;
    private final @Nullable Path gitDirectory;
    private final Map<String, String> variables;
    private final String defaultNamespace;
    private final WebhookClient webhooks;
    private final @Nullable MetricSource metrics;

    private LaunchEnvironment(Builder b) {
        this.clock = b.clock;
        this.services = Map.copyOf(b.services);
        this.gitDirectory = b.gitDirectory;
        this.variables = b.variables;
        this.defaultNamespace = b.defaultNamespace;
        this.webhooks = b.webhooks;
        this.metrics = b.metrics;
    }

    /** Every setting at its default. */
    public static LaunchEnvironment ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The clock rollouts are timed by. */
    public Clock clock() {
        return clock;
    }

    /** The service put in for {@code type}; empty when none was. */
    public <T> Optional<T> service(Class<T> type) {
        return Optional.ofNullable(services.get(type)).map(type::cast);
    }

    /**
     * The service put in for {@code type}.
     *
     * @param user what needs it, for the message (e.g. {@code "delivery: cluster"})
     * @throws MissingEnvironmentException naming the type and how to pass it
     */
    public <T> T require(Class<T> type, String user) {
        return service(type).orElseThrow(() -> new MissingEnvironmentException(user + " needs a "
                + type.getName() + ": pass LaunchEnvironment.builder().with(" + type.getSimpleName() + ".class, ...)"));
    }

    /** The directory Git working copies are made under; empty when none was given. */
    public Optional<Path> gitDirectory() {
        return Optional.ofNullable(gitDirectory);
    }

    /** The value of the environment variable {@code name}; empty when it is not set. */
    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    /** The namespace of a spec that names none. */
    public String defaultNamespace() {
        return defaultNamespace;
    }

    /** How webhooks are called. */
    public WebhookClient webhooks() {
        return webhooks;
    }

    /** The metric source every rollout reads instead of {@code spec.metricsServer}; empty by default. */
    public Optional<MetricSource> metrics() {
        return Optional.ofNullable(metrics);
    }

    /** Names the service types and what is set, never a value (a variable may hold a secret). */
    @Override
    public String toString() {
        return "LaunchEnvironment[clock " + clock + ", services "
                + services.keySet().stream().map(Class::getSimpleName).sorted().collect(Collectors.joining(", ", "[", "]"))
                + ", git directory " + (gitDirectory == null ? "none" : gitDirectory) + ", " + variables.size()
                + " variables, namespace " + defaultNamespace + (metrics == null ? "" : ", metrics overridden") + "]";
    }

    /** Builds a {@link LaunchEnvironment}; see the class for the defaults. Not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private final Map<Class<?>, Object> services = new LinkedHashMap<>();
        private @Nullable Path gitDirectory;
        private Map<String, String> variables = System.getenv();
        private String defaultNamespace = DEFAULT_NAMESPACE;
        private WebhookClient webhooks = (webhook, context) -> HttpWebhookClient.shared().call(webhook, context);
        private @Nullable MetricSource metrics;

        private Builder() {
        }

        /** The clock; default the system clock in UTC. */
        public Builder clock(Clock clock) {
            this.clock = InvalidValueException.requireNonNull("clock", clock);
            return this;
        }

        /** Puts {@code service} in for {@code type} (a second call for the same type replaces it). */
        public <T> Builder with(Class<T> type, T service) {
            InvalidValueException.requireNonNull("type", type);
            services.put(type, type.cast(InvalidValueException.requireNonNull("service", service)));
            return this;
        }

        /** The directory Git working copies go under, one per rollout; default none (git delivery refused). */
        public Builder gitDirectory(Path directory) {
            this.gitDirectory = InvalidValueException.requireNonNull("gitDirectory", directory);
            return this;
        }

        /** The environment variables {@code env:} references read; default {@link System#getenv()}. */
        public Builder variables(Map<String, String> variables) {
            this.variables = Map.copyOf(InvalidValueException.requireNonNull("variables", variables));
            return this;
        }

        /** The namespace of a spec that names none; default {@value LaunchEnvironment#DEFAULT_NAMESPACE}. */
        public Builder defaultNamespace(String namespace) {
            this.defaultNamespace = InvalidValueException.requireNonNull("defaultNamespace", namespace);
            return this;
        }

        /** How webhooks are called; default {@link HttpWebhookClient#shared()}. */
        public Builder webhooks(WebhookClient webhooks) {
            this.webhooks = InvalidValueException.requireNonNull("webhooks", webhooks);
            return this;
        }

        /**
         * The metric source every launched rollout reads, instead of the one built from
         * {@code spec.metricsServer} (for a source of one's own, or simulated metrics in tests).
         */
        public Builder metrics(MetricSource metrics) {
            this.metrics = InvalidValueException.requireNonNull("metrics", metrics);
            return this;
        }

        public LaunchEnvironment build() {
            return new LaunchEnvironment(this);
        }
    }
}
