package dev.stepwise.kubernetes;

import dev.stepwise.kubernetes.internal.ObservedLeaseLock;
import dev.stepwise.spi.Leadership;
import dev.stepwise.spi.LeadershipListener;
import dev.stepwise.spi.LeadershipTerm;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Leadership} on a Kubernetes {@code Lease} ({@code coordination.k8s.io/v1}), through
 * fabric8's {@link LeaderElector}: the replicas of an embedding application each build one on the
 * same lease and give it to their {@code RolloutEngine}; the holder writes, the others wait.
 *
 * <p>{@link #current()} answers "leading" only while fabric8's elector holds the lease <em>and</em>
 * the lease was renewed less than the renew deadline ago by this process's clock: a process paused
 * past its lease (a long GC, a frozen VM) counts itself deposed the moment it runs again, before
 * its elector has looked. The term's epoch is the lease's {@code leaseTransitions} when this process
 * acquired it, plus one: it grows with every change of holder. Once deposed, the process is a
 * candidate again until {@link #stop()}. Listeners hear each term gained and lost (a lease lapsed by
 * the clock alone is seen at the next {@link #current()}, not told).
 *
 * <p>The lease is created when missing; the replicas need {@code get}, {@code create} and
 * {@code update} on {@code leases} in its namespace. {@link #stop()} releases a lease held. See
 * {@link LeaseLeadershipBuilder} for the defaults.
 */
public final class LeaseLeadership implements Leadership, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseLeadership.class);

    private final KubernetesClient client;
    private final String lease;
    private final String identity;
    private final Duration leaseDuration;
    private final Duration renewDeadline;
    private final Duration retryPeriod;
    private final Clock clock;
    private final Executor executor;
    private final @Nullable ExecutorService owned;
    private final ObservedLeaseLock lock;
    private final List<LeadershipListener> listeners = new CopyOnWriteArrayList<>();

    private boolean running;
    /** When this process last became a candidate: the "since" of a term with no holder known. */
    private volatile Instant candidateSince = Instant.EPOCH;
    private @Nullable CompletableFuture<?> election;
    private volatile LeadershipTerm.@Nullable Leading term;

    LeaseLeadership(LeaseLeadershipBuilder b) {
        this.client = b.client;
        this.lease = b.namespace + "/" + b.name;
        this.identity = b.identity;
        this.leaseDuration = b.leaseDuration;
        this.renewDeadline = b.renewDeadline;
        this.retryPeriod = b.retryPeriod;
        this.clock = b.clock;
        this.lock = new ObservedLeaseLock(b.namespace, b.name, b.identity);
        if (b.executor != null) {
            this.executor = b.executor;
            this.owned = null;
        } else {
            this.owned = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "stepwise-lease-" + b.name);
                t.setDaemon(true);
                return t;
            });
            this.executor = owned;
        }
    }

    /** A builder for leadership on the lease {@code namespace/name}. */
    public static LeaseLeadershipBuilder builder(KubernetesClient client, String namespace, String name) {
        return new LeaseLeadershipBuilder(client, namespace, name);
    }

    /** Becomes a candidate: tries for the lease every retry period until it holds it. Idempotent. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        candidateSince = clock.instant();
        elect();
    }

    /**
     * Stops leading at once ({@link #current()} answers "not the leader" from here on), releases the
     * lease if held, and stops trying for it. Idempotent; {@link #start()} makes it a candidate again.
     */
    public void stop() {
        CompletableFuture<?> stopping;
        synchronized (this) {
            running = false;
            stopping = election;
            election = null;
        }
        if (term != null) {
            stopped();
        }
        if (stopping != null) {
            stopping.cancel(true);
        }
    }

    /** {@link #stop()}, and the elector's own thread ended when it has one. */
    @Override
    public void close() {
        stop();
        if (owned != null) {
            owned.shutdown();
        }
    }

    @Override
    public LeadershipTerm current() {
        LeadershipTerm.Leading held = term;
        Optional<Instant> renewed = lock.lastRenewed();
        if (held != null && renewed.isPresent() && clock.instant().isBefore(renewed.get().plus(renewDeadline))) {
            return held;
        }
        Optional<String> holder = lock.holder().filter(h -> !h.equals(identity));
        Instant since = holder.isPresent() ? lock.heldSince().orElse(candidateSince) : renewed.orElse(candidateSince);
        return new LeadershipTerm.Following(lease, holder, since);
    }

    @Override
    public void listen(LeadershipListener listener) {
        listeners.add(listener);
    }

    /** This replica's identity in the lease. */
    public String identity() {
        return identity;
    }

    private synchronized void elect() {
        LeaderElectionConfig config = new LeaderElectionConfig(lock, leaseDuration, renewDeadline, retryPeriod,
                new LeaderCallbacks(this::started, this::stopped, holder -> LOG.debug("lease {}: held by {}", lease, holder)),
                true, lease);
        CompletableFuture<?> next = new LeaderElector(client, config, executor).start();
        election = next;
        next.whenComplete((v, t) -> ended(next, t));
    }

    /** An election round ended (deposed, or the renew deadline passed): a candidate again unless stopped. */
    private void ended(CompletableFuture<?> round, @Nullable Throwable t) {
        synchronized (this) {
            if (!running || election != round) {
                return;
            }
            if (t != null) {
                LOG.warn("lease {}: election as {} ended with {}; trying again", lease, identity, t.toString());
            }
            elect();
        }
    }

    private void started() {
        LeaderElectionRecord record = lock.lastWritten().orElseThrow(() -> new IllegalStateException(
                "fabric8 reported leadership of " + lease + " before " + identity + " wrote the lease"));
        LeadershipTerm.Leading gained = new LeadershipTerm.Leading(lease, identity, record.getLeaderTransitions() + 1L,
                record.getAcquireTime().toInstant());
        term = gained;
        LOG.info("lease {}: {} leads, epoch {}", lease, identity, gained.epoch());
        tell(gained);
    }

    private void stopped() {
        synchronized (this) {
            if (term == null) {
                return;
            }
            term = null;
        }
        LeadershipTerm now = current();
        LOG.info("lease {}: {} no longer leads: {}", lease, identity, now);
        tell(now);
    }

    private void tell(LeadershipTerm changed) {
        for (LeadershipListener listener : listeners) {
            try {
                listener.changed(changed);
            } catch (RuntimeException e) {
                LOG.warn("lease {}: leadership listener {} failed: {}", lease, listener, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "LeaseLeadership[" + lease + " as " + identity + ", lease " + leaseDuration + ", renew deadline "
                + renewDeadline + ", retry " + retryPeriod + ", " + current() + "]";
    }
}
