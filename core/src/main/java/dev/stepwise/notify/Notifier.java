package dev.stepwise.notify;

import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.engine.RolloutListener;
import dev.stepwise.notify.internal.ChannelAddress;
import dev.stepwise.notify.internal.JsonPost;
import dev.stepwise.notify.internal.TokenBuckets;
import dev.stepwise.spi.Backoff;
import dev.stepwise.spi.Retrier;
import dev.stepwise.spi.Sleeper;
import dev.stepwise.validation.InvalidValueException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a rollout's events to chat and webhooks: a {@link RolloutListener} that turns each event
 * worth telling into a {@link Notification} ({@link Notifications#of}), and for each channel whose
 * minimum severity it reaches, takes a token of that rollout's and channel's bucket
 * ({@link RateLimit}) and posts the channel's payload.
 *
 * <p><b>Never in the engine's way.</b> {@link #onEvent} formats and queues, nothing more: posting
 * happens on the notifier's own threads (default 2, queue of 1000), each attempt bounded by the
 * timeout (default 10 s) and retried on 5xx, 429, timeouts and transport failures by the
 * {@link Backoff} (default 3 attempts, 1 s doubling). A notification that cannot be delivered, or
 * finds the queue full, is a WARN log line naming the channel (never its address) and a count in
 * {@link #stats()}; the rollout goes on as if nothing happened.
 *
 * <p>{@link #close()} stops taking notifications and waits, at most the close timeout (default
 * 30 s), for those queued. Thread-safe.
 */
public final class Notifier implements RolloutListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    /**
     * What the notifier has done so far.
     *
     * @param sent       payloads delivered
     * @param failed     payloads not delivered after the retries
     * @param suppressed notifications refused by the rate limit
     * @param dropped    notifications refused because the queue was full or the notifier closed
     */
    public record Stats(long sent, long failed, long suppressed, long dropped) {
    }

    private final List<NotificationChannel> channels;
    private final RateLimit rateLimit;
    private final Duration closeTimeout;
    private final TokenBuckets buckets;
    private final JsonPost post;
    private final ThreadPoolExecutor executor;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    private Notifier(Builder builder) {
        this.channels = List.copyOf(builder.channels);
        this.rateLimit = builder.rateLimit;
        this.closeTimeout = builder.closeTimeout;
        this.buckets = new TokenBuckets(rateLimit);
        HttpClient http = builder.http != null ? builder.http
                : HttpClient.newBuilder().connectTimeout(builder.timeout).build();
        this.post = new JsonPost(http, builder.timeout, Retrier.of(builder.backoff, builder.sleeper));
        AtomicInteger number = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(builder.threads, builder.threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(builder.queueCapacity), task -> {
                    Thread thread = new Thread(task, "stepwise-notifier-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.executor.allowCoreThreadTimeOut(true);
    }

    /** A builder with the defaults above and no channel. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void onEvent(RolloutEvent event) {
        Notifications.of(event).ifPresent(notification -> {
            boolean end = event instanceof RolloutEvent.Ended;
            for (NotificationChannel channel : channels) {
                if (channel.accepts(notification)) {
                    offer(channel, notification, end);
                }
                if (end) {
                    buckets.forget(key(channel, notification));
                }
            }
        });
    }

    private void offer(NotificationChannel channel, Notification notification, boolean end) {
        TokenBuckets.Take take = buckets.take(key(channel, notification), notification.at(), end);
        if (!take.passes()) {
            suppressed.incrementAndGet();
            LOG.debug("notification for {} to channel {} suppressed by the rate limit", notification.rollout(), channel.name());
            return;
        }
        Notification told = notification.withSuppressed(take.suppressedBefore());
        try {
            executor.execute(() -> deliver(channel, told));
        } catch (RejectedExecutionException e) {
            dropped.incrementAndGet();
            LOG.warn("notification for {} to channel {} dropped: {}", told.rollout(), channel.name(),
                    executor.isShutdown() ? "the notifier is closed" : "the queue is full");
        }
    }

    private void deliver(NotificationChannel channel, Notification notification) {
        String payload;
        try {
            payload = ChannelAddress.secrets(channel.address()).scrub(channel.payload(notification));
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.warn("notification for {} to channel {} not formatted: {}", notification.rollout(), channel.name(),
                    ChannelAddress.secrets(channel.address()).scrub(e.getClass().getSimpleName() + ": " + e.getMessage()));
            return;
        }
        JsonPost.Delivery delivery = post.post(channel.address(), payload);
        if (delivery.delivered()) {
            sent.incrementAndGet();
            LOG.debug("notification for {} sent to channel {} ({} attempts)", notification.rollout(), channel.name(),
                    delivery.attempts());
        } else {
            failed.incrementAndGet();
            LOG.warn("notification for {} to channel {} not delivered after {} attempts: {}", notification.rollout(),
                    channel.name(), delivery.attempts(), delivery.reason());
        }
    }

    private static String key(NotificationChannel channel, Notification notification) {
        return channel.name() + "\u0000" + notification.rollout();
    }

    /** What the notifier has done so far. */
    public Stats stats() {
        return new Stats(sent.get(), failed.get(), suppressed.get(), dropped.get());
    }

    /** The channels, in the order given. */
    public List<NotificationChannel> channels() {
        return channels;
    }

    /**
     * Stops taking notifications and waits for the queued ones, at most the close timeout.
     *
     * @return whether every queued notification was dealt with in time
     */
    public boolean closeAndWait() {
        executor.shutdown();
        try {
            return executor.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@link #closeAndWait()}, with a WARN line when the queue was not emptied in time. */
    @Override
    public void close() {
        if (!closeAndWait()) {
            LOG.warn("notifier closed with notifications still queued after {}", closeTimeout);
            executor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "Notifier[channels=" + channels + ", " + rateLimit + ", " + stats() + "]";
    }

    /** Builds a {@link Notifier}; every setting has the default stated on its method. */
    public static final class Builder {

        private final List<NotificationChannel> channels = new ArrayList<>();
        private RateLimit rateLimit = RateLimit.ofDefaults();
        private Duration timeout = Duration.ofSeconds(10);
        private Backoff backoff = Backoff.doubling(Duration.ofSeconds(1), 3);
        private Sleeper sleeper = Sleeper.REAL;
        private Duration closeTimeout = Duration.ofSeconds(30);
        private int threads = 2;
        private int queueCapacity = 1000;
        private @Nullable HttpClient http;

        private Builder() {
        }

        /** Adds a channel; names must differ. None by default (the notifier then tells nobody). */
        public Builder channel(NotificationChannel channel) {
            InvalidValueException.requireNonNull("channel", channel);
            if (channels.stream().anyMatch(c -> c.name().equals(channel.name()))) {
                throw new InvalidValueException("channel", channel.name(), "must have a name no other channel has");
            }
            channels.add(channel);
            return this;
        }

        /** Default {@link RateLimit#ofDefaults()}: 10 at once, one more per minute. */
        public Builder rateLimit(RateLimit limit) {
            this.rateLimit = InvalidValueException.requireNonNull("rateLimit", limit);
            return this;
        }

        /** Each attempt's deadline, whole exchange included, 100 ms to 5 minutes; default 10 s. */
        public Builder timeout(Duration attemptTimeout) {
            this.timeout = InvalidValueException.requireBetween("timeout", attemptTimeout, Duration.ofMillis(100),
                    Duration.ofMinutes(5));
            return this;
        }

        /** The waits and number of attempts; default 1 s doubling, 3 attempts. */
        public Builder backoff(Backoff retries) {
            this.backoff = InvalidValueException.requireNonNull("backoff", retries);
            return this;
        }

        /** How the notifier's threads wait between attempts; default {@link Sleeper#REAL}. */
        public Builder sleeper(Sleeper waits) {
            this.sleeper = InvalidValueException.requireNonNull("sleeper", waits);
            return this;
        }

        /** The longest {@link #close()} waits for queued notifications, up to 10 minutes; default 30 s. */
        public Builder closeTimeout(Duration wait) {
            this.closeTimeout = InvalidValueException.requireBetween("closeTimeout", wait, Duration.ZERO,
                    Duration.ofMinutes(10));
            return this;
        }

        /** Threads posting, 1 to 16; default 2. */
        public Builder threads(int count) {
            this.threads = InvalidValueException.requireBetween("threads", count, 1, 16);
            return this;
        }

        /** Notifications waiting to be posted before new ones are dropped, 1 to 100000; default 1000. */
        public Builder queueCapacity(int capacity) {
            this.queueCapacity = InvalidValueException.requireBetween("queueCapacity", capacity, 1, 100_000);
            return this;
        }

        /** The HTTP client; default one of the notifier's own with the timeout as connect timeout. */
        public Builder http(HttpClient client) {
            this.http = InvalidValueException.requireNonNull("http", client);
            return this;
        }

        public Notifier build() {
            return new Notifier(this);
        }
    }
}
