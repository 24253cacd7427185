package dev.stepwise.kubernetes;

import dev.stepwise.validation.InvalidValueException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Builds {@link KubernetesEvents}. Defaults: the target Deployment ({@link EventTarget#deployment()});
 * repeats aggregated within 10 minutes (client-go's window, as {@code kubectl} shows
 * {@code (x5 over 12m)}); per rollout a burst of 25 Events, then one more every 10 s (a rollout that
 * decides at most once per 10 s on average never loses one; a rollout that flaps on retries loses
 * the excess, counted); source component {@code stepwise}; writes on one daemon thread of its own
 * with a queue of 1,000 Events (more are dropped, counted); {@link KubernetesEvents#close()} waits
 * up to 5 s for the queue.
 */
public final class KubernetesEventsBuilder {

    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    static final int DEFAULT_BURST = 25;
    static final Duration DEFAULT_REFILL = Duration.ofSeconds(10);
    static final int DEFAULT_QUEUE = 1000;
    static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    final KubernetesClient client;
    EventTarget target = EventTarget.deployment();
    Duration window = DEFAULT_WINDOW;
    int burst = DEFAULT_BURST;
    Duration refill = DEFAULT_REFILL;
    String component = "stepwise";
    int queueCapacity = DEFAULT_QUEUE;
    @Nullable Executor executor;
    Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;

    KubernetesEventsBuilder(KubernetesClient client) {
        this.client = InvalidValueException.requireNonNull("client", client);
    }

    /** What the Events are about; default the rollout's target Deployment. */
    public KubernetesEventsBuilder target(EventTarget target) {
        this.target = InvalidValueException.requireNonNull("target", target);
        return this;
    }

    /** How long after an Event a repeat (same reason and message) raises its count; default 10 min, 1 s to 1 h. */
    public KubernetesEventsBuilder window(Duration window) {
        this.window = InvalidValueException.requireNonNull("window", window);
        return this;
    }

    /**
     * The rate limit per rollout: {@code burst} Events (new or repeated) at once, then one more every
     * {@code refill}; default 25 and 10 s. {@code burst} 1 to 10,000; {@code refill} 1 ms to 1 h.
     */
    public KubernetesEventsBuilder rateLimit(int burst, Duration refill) {
        this.burst = burst;
        this.refill = InvalidValueException.requireNonNull("refill", refill);
        return this;
    }

    /** The Events' {@code source.component} and {@code reportingComponent}; default {@code stepwise}. */
    public KubernetesEventsBuilder component(String component) {
        this.component = InvalidValueException.requireNonNull("component", component);
        return this;
    }

    /** How many Events may wait for the writer thread; default 1,000, 1 to 100,000. Ignored with {@link #executor}. */
    public KubernetesEventsBuilder queueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
        return this;
    }

    /**
     * Where the Events are written instead of a thread of their own (writes are serialized all the
     * same); the caller shuts it down. An executor that refuses a task drops the Event, counted.
     */
    public KubernetesEventsBuilder executor(Executor executor) {
        this.executor = InvalidValueException.requireNonNull("executor", executor);
        return this;
    }

    /** How long {@link KubernetesEvents#close()} waits for the queued Events; default 5 s, 0 to 1 min. */
    public KubernetesEventsBuilder closeTimeout(Duration closeTimeout) {
        this.closeTimeout = InvalidValueException.requireNonNull("closeTimeout", closeTimeout);
        return this;
    }

    /**
     * The listener, its writer thread started.
     *
     * @throws InvalidValueException naming the field and its range when a value is out of range
     */
    public KubernetesEvents build() {
        InvalidValueException.requireBetween("window", window, Duration.ofSeconds(1), Duration.ofHours(1));
        InvalidValueException.requireBetween("refill", refill, Duration.ofMillis(1), Duration.ofHours(1));
        InvalidValueException.requireBetween("closeTimeout", closeTimeout, Duration.ZERO, Duration.ofMinutes(1));
        InvalidValueException.requireBetween("burst", burst, 1, 10_000);
        InvalidValueException.requireBetween("queueCapacity", queueCapacity, 1, 100_000);
        if (component.isBlank()) {
            throw new InvalidValueException("component", component, "must not be blank");
        }
        return new KubernetesEvents(this);
    }
}
