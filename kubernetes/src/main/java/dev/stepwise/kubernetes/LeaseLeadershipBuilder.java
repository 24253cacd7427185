package dev.stepwise.kubernetes;

import dev.stepwise.time.Durations;
import dev.stepwise.validation.InvalidValueException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link LeaseLeadership}. Defaults, as Flagger and controller-runtime have them: lease
 * duration 15 s, renew deadline 10 s, retry period 2 s; identity the host name (the pod's name in a
 * cluster) and a random UUID; the elector on a thread of its own. Checked at {@link #build()}:
 * {@code leaseDuration} between 500ms and 1h; {@code retryPeriod} between 10ms and 1m;
 * {@code renewDeadline} at least 1.2 × {@code retryPeriod} (fabric8's jitter) and less than
 * {@code leaseDuration} (the difference is the margin for clock drift between replicas).
 */
public final class LeaseLeadershipBuilder {

    static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);
    static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);
    static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);

    final KubernetesClient client;
    final String namespace;
    final String name;
    String identity = defaultIdentity();
    Duration leaseDuration = DEFAULT_LEASE_DURATION;
    Duration renewDeadline = DEFAULT_RENEW_DEADLINE;
    Duration retryPeriod = DEFAULT_RETRY_PERIOD;
    @Nullable Executor executor;
    Clock clock = Clock.systemUTC();

    LeaseLeadershipBuilder(KubernetesClient client, String namespace, String name) {
        this.client = InvalidValueException.requireNonNull("client", client);
        this.namespace = requireText("namespace", namespace);
        this.name = requireText("name", name);
    }

    /** This replica's identity in the lease; default: the host name, a dash and a random UUID. */
    public LeaseLeadershipBuilder identity(String identity) {
        this.identity = requireText("identity", identity);
        return this;
    }

    /** How long a lease not renewed keeps others from taking it; default 15 s. */
    public LeaseLeadershipBuilder leaseDuration(Duration leaseDuration) {
        this.leaseDuration = InvalidValueException.requireNonNull("leaseDuration", leaseDuration);
        return this;
    }

    /**
     * How long the leader keeps counting itself the leader after its last renewal; default 10 s.
     * Right before every write the engine asks, and past this the answer is "not the leader".
     */
    public LeaseLeadershipBuilder renewDeadline(Duration renewDeadline) {
        this.renewDeadline = InvalidValueException.requireNonNull("renewDeadline", renewDeadline);
        return this;
    }

    /** How often the lease is renewed, and tried for by the others; default 2 s. */
    public LeaseLeadershipBuilder retryPeriod(Duration retryPeriod) {
        this.retryPeriod = InvalidValueException.requireNonNull("retryPeriod", retryPeriod);
        return this;
    }

    /**
     * Where the elector's acquire and renew loops run; default: one daemon thread of its own, ended
     * by {@link LeaseLeadership#stop()}. An executor given here is the caller's to shut down.
     */
    public LeaseLeadershipBuilder executor(Executor executor) {
        this.executor = InvalidValueException.requireNonNull("executor", executor);
        return this;
    }

    /** The clock the renew deadline is measured by; default the system clock, as fabric8's elector's. */
    public LeaseLeadershipBuilder clock(Clock clock) {
        this.clock = InvalidValueException.requireNonNull("clock", clock);
        return this;
    }

    /**
     * A leadership on the lease, not started.
     *
     * @throws InvalidValueException naming the field and its range when a duration is out of range
     */
    public LeaseLeadership build() {
        InvalidValueException.requireBetween("leaseDuration", leaseDuration, Duration.ofMillis(500), Duration.ofHours(1));
        InvalidValueException.requireBetween("retryPeriod", retryPeriod, Duration.ofMillis(10), Duration.ofMinutes(1));
        Duration least = Duration.ofMillis(retryPeriod.toMillis() * 6 / 5);
        if (renewDeadline.compareTo(least) < 0 || renewDeadline.compareTo(leaseDuration) >= 0) {
            throw new InvalidValueException("renewDeadline", Durations.format(renewDeadline), "must be at least "
                    + Durations.format(least) + " (1.2 × retryPeriod) and less than " + Durations.format(leaseDuration)
                    + " (leaseDuration)");
        }
        return new LeaseLeadership(this);
    }

    private static String requireText(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(field, String.valueOf(value), "must not be blank");
        }
        return value;
    }

    private static String defaultIdentity() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "stepwise";
            }
        }
        return host + "-" + UUID.randomUUID();
    }
}
