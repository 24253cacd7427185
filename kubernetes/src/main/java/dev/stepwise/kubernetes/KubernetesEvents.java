package dev.stepwise.kubernetes;

import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.engine.RolloutListener;
import dev.stepwise.kubernetes.internal.Clients;
import dev.stepwise.kubernetes.internal.EventBudget;
import dev.stepwise.kubernetes.internal.EventNote;
import dev.stepwise.kubernetes.internal.EventSeries;
import dev.stepwise.kubernetes.internal.EventWording;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RolloutListener} that writes a core/v1 Kubernetes {@code Event} for every decision of a
 * rollout, as Flagger does: each step ({@code Advanced}: "Advance podinfo.test canary weight 20",
 * {@code Halted}, {@code RolledBack}: "Rolling back podinfo.test failed checks threshold reached 5",
 * with the verdicts that decided), each failed reconcile, stuck rollout, conflict, step left to the
 * leader and end. The Events are about the {@link EventTarget} (default the target Deployment), from
 * source component {@code stepwise}; {@code kubectl describe deployment podinfo} lists them.
 * Applied, verified and awaiting-verification events, and steps that decide nothing, write none.
 *
 * <p>A repeat of an Event (same rollout, reason and message) within the window raises the count and
 * last timestamp of the Event first written, as {@code kubectl} shows {@code (x5 over 12m)}. A token
 * bucket per rollout bounds the writes (new or repeated), so a flapping rollout cannot flood the API
 * server; what it drops is counted ({@link #dropped()}) and logged at DEBUG once per window.
 *
 * <p>{@link #onEvent} only queues: the Events are written on a thread of their own, in order. A write
 * that fails is logged at WARN and counted ({@link #failed()}); it never affects the rollout.
 * Messages hold the rollout's name, weights, decision, the strategy's reason and verdict names,
 * statuses and values only, never an SPI's error text. Needs {@code create} and {@code patch} on
 * {@code events} in the rollouts' namespaces. Timestamps are the engine's clock. Thread-safe.
 * See {@link KubernetesEventsBuilder} for the defaults.
 */
public final class KubernetesEvents implements RolloutListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesEvents.class);

    private final KubernetesClient client;
    private final EventTarget target;
    private final Duration window;
    private final String component;
    private final Executor executor;
    private final @Nullable ThreadPoolExecutor owned;
    private final Duration closeTimeout;
    private final String describe;
    private final EventBudget budget;
    private final EventSeries series;
    private final Map<String, Drops> drops = new HashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private long sequence;
    private volatile boolean closed;

    KubernetesEvents(KubernetesEventsBuilder b) {
        this.client = Clients.withoutRetries(b.client);
        this.target = b.target;
        this.window = b.window;
        this.component = b.component;
        this.closeTimeout = b.closeTimeout;
        this.budget = new EventBudget(b.burst, b.refill);
        this.series = new EventSeries(b.window);
        this.describe = "KubernetesEvents[window " + b.window + ", burst " + b.burst + " then one every " + b.refill + "]";
        if (b.executor != null) {
            this.owned = null;
            this.executor = b.executor;
        } else {
            this.owned = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(b.queueCapacity), r -> {
                Thread t = new Thread(r, "stepwise-events");
                t.setDaemon(true);
                return t;
            });
            this.executor = owned;
        }
    }

    /** A builder on {@code client}, with the defaults of {@link KubernetesEventsBuilder}. */
    public static KubernetesEventsBuilder builder(KubernetesClient client) {
        return new KubernetesEventsBuilder(client);
    }

    /** Events on the target Deployments, with every default. */
    public static KubernetesEvents of(KubernetesClient client) {
        return builder(client).build();
    }

    /** Queues the event's Kubernetes Event, if it is a decision; never blocks, never throws. */
    @Override
    public void onEvent(RolloutEvent event) {
        Optional<EventNote> note = EventWording.of(event);
        if (note.isEmpty() || closed) {
            return;
        }
        try {
            executor.execute(() -> write(event, note.get()));
        } catch (RejectedExecutionException e) {
            drop(event, note.get(), "the writer's queue is full");
        }
    }

    /** Events dropped so far: over a rollout's rate limit, or with the writer's queue full. */
    public long dropped() {
        return dropped.get();
    }

    /** Events the API server refused (or could not be reached for) so far. */
    public long failed() {
        return failed.get();
    }

    /** Events written (created or counted again) so far. */
    public long written() {
        return written.get();
    }

    private synchronized void write(RolloutEvent event, EventNote note) {
        Instant at = event.at();
        if (!budget.take(event.id(), at)) {
            drop(event, note, "over its rate limit");
            return;
        }
        ObjectReference about;
        try {
            about = target.of(event.id());
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.warn("{}: no object to write event {} about: {}", event.id(), note.reason(), e.toString());
            return;
        }
        Optional<EventSeries.Written> repeat = series.repeatOf(event.id(), note, at);
        try {
            EventSeries.Written w = repeat.isPresent() ? count(repeat.get(), at) : create(about, note, at);
            series.remember(event.id(), note, w);
            written.incrementAndGet();
        } catch (RuntimeException e) {
            series.forget(event.id(), note);
            failed.incrementAndGet();
            LOG.warn("{}: could not write event {} on {} {}/{}: {}", event.id(), note.reason(), about.getKind(),
                    about.getNamespace(), about.getName(), e.toString());
        }
    }

    private EventSeries.Written create(ObjectReference about, EventNote note, Instant at) {
        String time = timestamp(at);
        // as client-go names them (name.time), plus a sequence: events of one instant stay apart and in order
        String name = String.format(Locale.ROOT, "%s.%010x%06x", about.getName(), at.getEpochSecond(), sequence++ & 0xffffff);
        Event e = new EventBuilder().withNewMetadata().withNamespace(about.getNamespace()).withName(name).endMetadata()
                .withInvolvedObject(about).withType(note.type()).withReason(note.reason()).withMessage(note.message())
                .withCount(1).withFirstTimestamp(time).withLastTimestamp(time)
                .withNewSource().withComponent(component).endSource().withReportingComponent(component).build();
        client.resources(Event.class).inNamespace(about.getNamespace()).resource(e).create();
        return new EventSeries.Written(about.getNamespace(), name, 1, at, at);
    }

    private EventSeries.Written count(EventSeries.Written w, Instant at) {
        EventSeries.Written next = w.repeated(at);
        client.resources(Event.class).inNamespace(w.namespace()).withName(w.name()).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"count\":" + next.count() + ",\"lastTimestamp\":\"" + timestamp(at) + "\"}");
        return next;
    }

    private static String timestamp(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private synchronized void drop(RolloutEvent event, EventNote note, String why) {
        dropped.incrementAndGet();
        Drops d = drops.computeIfAbsent(event.id(), k -> new Drops());
        d.since++;
        if (d.loggedAt == null || Duration.between(d.loggedAt, event.at()).compareTo(window) >= 0) {
            LOG.debug("{}: dropped {} event(s) since the last report, {}; the latest: {}", event.id(), d.since, why, note);
            d.since = 0;
            d.loggedAt = event.at();
        }
    }

    /**
     * Stops taking events and waits up to the close timeout for the queued ones to be written (its
     * own thread only; an executor given to the builder is the caller's). Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        if (owned == null || owned.isShutdown()) {
            return;
        }
        owned.shutdown();
        try {
            if (!owned.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{}: {} event(s) not written within {} of closing; dropped", this, owned.shutdownNow().size(), closeTimeout);
            }
        } catch (InterruptedException e) {
            owned.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return describe;
    }

    private static final class Drops {
        long since;
        @Nullable Instant loggedAt;
    }
}
