package dev.stepwise.operator;

import dev.stepwise.engine.ExecutorScheduler;
import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.engine.RolloutListener;
import dev.stepwise.engine.Scheduler;
import dev.stepwise.launch.RolloutLauncher;
import dev.stepwise.operator.internal.ApiRequests;
import dev.stepwise.operator.internal.RolloutApi;
import dev.stepwise.operator.internal.RolloutReconciler;
import dev.stepwise.operator.internal.RoutingStateStore;
import dev.stepwise.operator.internal.WorkQueue;
import dev.stepwise.kubernetes.EventTarget;
import dev.stepwise.kubernetes.KubernetesEvents;
import dev.stepwise.kubernetes.LeaseLeadership;
import dev.stepwise.spi.Leadership;
import dev.stepwise.spi.LeadershipTerm;
import dev.stepwise.validation.InvalidValueException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference controller: every {@code Rollout} resource ({@link RolloutResource}) in the watched
 * namespaces is launched with a {@link RolloutLauncher} and run by one {@link RolloutEngine}; its
 * {@code status} is the engine's record, projected ({@link RolloutStatus}).
 *
 * <p><b>What it does.</b> An informer on {@code Rollout}s (as generic resources): a new
 * {@code metadata.generation} is read with the spec validator and launched (a changed spec
 * replaces the registration, the stored record stays and the rollout goes on); a refused spec gets
 * phase {@code Invalid}, condition {@code Invalid=True} reason {@code InvalidSpec} naming every
 * problem at its spec path, a Warning Event and a WARN log, and nothing is registered. The engine's
 * events are projected to status (written only when it changed, with the resource's
 * {@code resourceVersion}; a 409 is read again and retried a few times). Every decision of the
 * engine becomes a Kubernetes Event on the resource, worded as Flagger's ({@code Advanced}: "Advance
 * podinfo.test canary weight 20", {@code Promoted}, {@code RolledBack}, {@code Succeeded}, ...),
 * through a {@link KubernetesEvents} on {@code EventTarget.kind(RolloutResource.API_VERSION,
 * RolloutResource.KIND)} that the controller owns (off with {@link Builder#events(boolean)}); the
 * controller's own Events ({@code InvalidSpec}, {@code CommandTaken}, {@code Releasing}, ...) too.
 * Annotation {@link RolloutResource#COMMAND_ANNOTATION} is taken as an operator command and
 * removed. Finalizer {@link RolloutResource#FINALIZER}: deleting the resource aborts the rollout,
 * waits for its record to be terminal (all traffic on stable: that is the release; the route
 * objects stay, as a {@code MeshTrafficRouter} only ever writes splits), deletes the record and lets
 * the resource go. An informer on Deployments looks at once at the rollout whose target's pod
 * template changed, so a new image restarts the rollout without waiting for the next interval.
 *
 * <p><b>Why plain fabric8 informers, not java-operator-sdk.</b> The engine already owns scheduling,
 * retries with deadlines, leadership ({@code LeaseLeadership}) and the fencing of writes.
 * java-operator-sdk 5.2.3 (on fabric8 7.5.2, our line, so versions do not force the choice) would
 * add a second leader election and a second retry loop competing with the engine's, and by default
 * patches status with server-side apply, which the fabric8 mock API server our tests run on refuses
 * (415).
 *
 * <p><b>Several replicas.</b> Give each the same lease ({@link Builder#lease(String, String, String)},
 * a distinct identity each): every replica keeps its informers warm, launches and registers each
 * rollout (launching may create the target's track Services and Deployments, idempotently), but
 * only the leader's engine steps them, and only the leader writes traffic, state records, status,
 * finalizers, annotations and Events. Every write of the engine checks the lease right before, by
 * this process's clock, so a replica paused past its lease writes nothing when it wakes (and a
 * state save carries the term's epoch, refused once another replica has claimed the rollout). A
 * replica that gains the lease looks at every resource again and finishes the rollouts where the
 * stored records left them.
 */
public final class StepwiseController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StepwiseController.class);

    private final KubernetesClient client;
    private final SortedSet<String> namespaces;
    private final Duration resync;
    private final Leadership leadership;
    private final @Nullable LeaseLeadership lease;
    private final @Nullable KubernetesEvents events;
    private final @Nullable ExecutorScheduler ownedScheduler;
    private final RoutingStateStore store = new RoutingStateStore();
    private final ApiRequests requests = new ApiRequests();
    private final WorkQueue queue = new WorkQueue();
    private final RolloutEngine engine;
    private final RolloutReconciler reconciler;
    private final List<SharedIndexInformer<GenericKubernetesResource>> rollouts = new ArrayList<>();
    private final List<SharedIndexInformer<Deployment>> deployments = new ArrayList<>();
    private boolean started;
    private boolean closed;

    private StepwiseController(Builder b) {
        this.client = Objects.requireNonNull(b.client, "client");
        this.namespaces = new TreeSet<>(b.namespaces);
        this.resync = b.resync;
        this.lease = b.lease(client);
        this.leadership = lease == null ? b.leadership : lease;
        this.ownedScheduler = b.scheduler == null ? ExecutorScheduler.ofDefaults() : null;
        Scheduler scheduler = b.scheduler == null ? Objects.requireNonNull(ownedScheduler) : b.scheduler;
        RolloutEngine.Builder engineBuilder = RolloutEngine.builder().clock(b.clock).scheduler(scheduler).stateStore(store)
                .leadership(leadership).listener(this::onEvent);
        this.events = b.events ? KubernetesEvents.builder(client)
                .target(EventTarget.kind(RolloutResource.API_VERSION, RolloutResource.KIND)).build() : null;
        b.listeners.forEach(engineBuilder::listener);
        this.engine = engineBuilder.build();
        this.reconciler = new RolloutReconciler(client, engine, store, b.launcher, leadership, b.clock,
                new RolloutApi(client, requests, b.clock), queue, this::cached);
    }

    /** A builder for a controller on {@code client}; see {@link Builder} for the defaults. */
    public static Builder builder(KubernetesClient client) {
        return new Builder(InvalidValueException.requireNonNull("client", client));
    }

    /**
     * Starts the informers (waiting until each has listed its resources) and so the rollouts.
     *
     * @throws IllegalStateException if started twice or after {@link #close()}
     */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException(this + " was started already" + (closed ? " and closed" : ""));
        }
        started = true;
        leadership.listen(term -> {
            if (term.leading()) {
                keys().forEach(reconciler::resourceChanged);
            }
        });
        long resyncMillis = resync.toMillis();
        ResourceEventHandler<GenericKubernetesResource> onRollout = new RolloutEvents();
        ResourceEventHandler<Deployment> onDeployment = new DeploymentEvents();
        // Each informer is in its list before it starts: its first handlers look resources up in it
        // (a Rollout listed at start, its work run before the informer was added, was taken as gone).
        if (namespaces.isEmpty()) {
            watch(client.genericKubernetesResources(RolloutResource.DEFINITION).inAnyNamespace().runnableInformer(resyncMillis),
                    client.apps().deployments().inAnyNamespace().runnableInformer(resyncMillis), onRollout, onDeployment);
        } else {
            for (String ns : namespaces) {
                watch(client.genericKubernetesResources(RolloutResource.DEFINITION).inNamespace(ns).runnableInformer(resyncMillis),
                        client.apps().deployments().inNamespace(ns).runnableInformer(resyncMillis), onRollout, onDeployment);
            }
        }
        // run() returns once the informer has listed its resources
        rollouts.forEach(SharedIndexInformer::run);
        deployments.forEach(SharedIndexInformer::run);
        if (lease != null) {
            lease.start();
        }
        LOG.info("{} started: watching Rollouts ({}) and Deployments in {}; {}", this, RolloutResource.API_VERSION,
                namespaces.isEmpty() ? "all namespaces" : namespaces, leadership);
    }

    /** This replica's term now: {@link LeadershipTerm.Leading} while it may write, else following. */
    public LeadershipTerm leadership() {
        return leadership.current();
    }

    private void watch(SharedIndexInformer<GenericKubernetesResource> r, SharedIndexInformer<Deployment> d,
                       ResourceEventHandler<GenericKubernetesResource> onRollout, ResourceEventHandler<Deployment> onDeployment) {
        r.addEventHandler(onRollout);
        rollouts.add(r);
        d.addEventHandler(onDeployment);
        deployments.add(d);
    }

    /** The engine running every rollout (for status reads and commands from Java). */
    public RolloutEngine engine() {
        return engine;
    }

    /**
     * The requests this controller made about Rollout resources and Events, by resource and verb
     * (e.g. {@code rollouts/status update}); the engine's own requests are not counted here.
     */
    public Map<String, Long> apiRequests() {
        return requests.snapshot();
    }

    /** Ids ({@code namespace/name}) of the rollouts this replica launched. */
    public Set<String> rollouts() {
        return Set.copyOf(reconciler.running());
    }

    private void onEvent(dev.stepwise.engine.RolloutEvent event) {
        reconciler.onEvent(event);
        // only the leader writes Events: a follower's "left to the leader" would only be noise on the resource
        if (events != null && leadership.current().leading()) {
            events.onEvent(event);
        }
    }

    private @Nullable GenericKubernetesResource cached(String key) {
        for (SharedIndexInformer<GenericKubernetesResource> informer : rollouts) {
            GenericKubernetesResource r = informer.getStore().getByKey(key);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        rollouts.forEach(i -> keys.addAll(i.getStore().listKeys()));
        return keys;
    }

    /** Stops the informers and the engine (stored records stay), then closes the launches and an owned scheduler. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        rollouts.forEach(SharedIndexInformer::close);
        deployments.forEach(SharedIndexInformer::close);
        queue.close();
        engine.close();
        reconciler.close();
        if (events != null) {
            events.close();
        }
        if (lease != null) {
            // after the engine: nothing writes once the lease is released for the next leader
            lease.close();
        }
        if (ownedScheduler != null) {
            ownedScheduler.close();
        }
        LOG.info("{} closed", this);
    }

    @Override
    public String toString() {
        return "StepwiseController[namespaces " + (namespaces.isEmpty() ? "all" : namespaces) + ", resync " + resync + ", "
                + reconciler + ", " + leadership + "]";
    }

    private final class RolloutEvents implements ResourceEventHandler<GenericKubernetesResource> {
        @Override
        public void onAdd(GenericKubernetesResource r) {
            reconciler.resourceChanged(key(r.getMetadata().getNamespace(), r.getMetadata().getName()));
        }

        @Override
        public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
            onAdd(after);
        }

        @Override
        public void onDelete(GenericKubernetesResource r, boolean finalStateUnknown) {
            onAdd(r);
        }
    }

    private final class DeploymentEvents implements ResourceEventHandler<Deployment> {
        @Override
        public void onAdd(Deployment d) {
            // a new target is launched by its Rollout's own event
        }

        @Override
        public void onUpdate(Deployment before, Deployment after) {
            if (before.getSpec() != null && after.getSpec() != null
                    && !Objects.equals(before.getSpec().getTemplate(), after.getSpec().getTemplate())) {
                reconciler.templateChanged(key(after.getMetadata().getNamespace(), after.getMetadata().getName()));
            }
        }

        @Override
        public void onDelete(Deployment d, boolean finalStateUnknown) {
            // the engine's next look reports the missing target
        }
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    /**
     * Builds a {@link StepwiseController}. Defaults: every namespace; the launcher of the installed
     * adapters ({@link RolloutLauncher#ofInstalled()}); {@link Leadership#always()} (one replica);
     * the system clock in UTC; an {@link ExecutorScheduler#ofDefaults()} closed with the controller;
     * no extra listeners; a resync every 5 minutes. Leadership is set once: by
     * {@link #leadership}, or by one of the {@code lease} methods. Not thread-safe.
     */
    public static final class Builder {
        private final KubernetesClient client;
        private Set<String> namespaces = Set.of();
        private RolloutLauncher launcher = RolloutLauncher.ofInstalled();
        private Leadership leadership = Leadership.always();
        private @Nullable LeaseLeadership lease;
        private @Nullable List<String> leaseCoordinates;
        private boolean leadershipSet;
        private Clock clock = Clock.systemUTC();
        private @Nullable Scheduler scheduler;
        private final List<RolloutListener> listeners = new ArrayList<>();
        private Duration resync = Duration.ofMinutes(5);
        private boolean events = true;

        private Builder(KubernetesClient client) {
            this.client = client;
        }

        /** The namespaces watched; default (or an empty set) every namespace. */
        public Builder namespaces(Set<String> namespaces) {
            this.namespaces = Set.copyOf(InvalidValueException.requireNonNull("namespaces", namespaces));
            return this;
        }

        /** How specs are launched; default {@link RolloutLauncher#ofInstalled()}. */
        public Builder launcher(RolloutLauncher launcher) {
            this.launcher = InvalidValueException.requireNonNull("launcher", launcher);
            return this;
        }

        /**
         * Who may write; default {@link Leadership#always()} (one replica). The controller neither
         * starts nor stops it; for a Kubernetes Lease use one of the {@code lease} methods.
         *
         * @throws IllegalStateException if leadership was set already
         */
        public Builder leadership(Leadership leadership) {
            InvalidValueException.requireNonNull("leadership", leadership);
            setLeadershipOnce("leadership");
            this.leadership = leadership;
            return this;
        }

        /**
         * Several replicas on Lease {@code namespace/name} ({@code coordination.k8s.io/v1}), this one
         * as {@code identity} (the pod's name): a {@link LeaseLeadership} with its defaults (lease 15 s,
         * renew deadline 10 s, retry 2 s), started with the controller and released when it closes.
         *
         * @throws IllegalStateException if leadership was set already
         */
        public Builder lease(String namespace, String name, String identity) {
            InvalidValueException.requireNonNull("namespace", namespace);
            InvalidValueException.requireNonNull("name", name);
            InvalidValueException.requireNonNull("identity", identity);
            setLeadershipOnce("lease");
            this.leaseCoordinates = List.of(namespace, name, identity);
            return this;
        }

        /**
         * Several replicas on {@code lease} (built with {@code LeaseLeadership.builder} for other
         * timings), started with the controller and released when it closes.
         *
         * @throws IllegalStateException if leadership was set already
         */
        public Builder lease(LeaseLeadership lease) {
            InvalidValueException.requireNonNull("lease", lease);
            setLeadershipOnce("lease");
            this.lease = lease;
            return this;
        }

        private void setLeadershipOnce(String how) {
            if (leadershipSet) {
                throw new IllegalStateException("leadership set twice (now by " + how + "): set one of leadership or lease, once");
            }
            leadershipSet = true;
        }

        private @Nullable LeaseLeadership lease(KubernetesClient on) {
            List<String> c = leaseCoordinates;
            return c == null ? lease : LeaseLeadership.builder(on, c.get(0), c.get(1)).identity(c.get(2)).build();
        }

        /** The engine's and the launches' clock; default the system clock in UTC. */
        public Builder clock(Clock clock) {
            this.clock = InvalidValueException.requireNonNull("clock", clock);
            return this;
        }

        /** The engine's scheduler (not closed by the controller); default an owned {@link ExecutorScheduler#ofDefaults()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = InvalidValueException.requireNonNull("scheduler", scheduler);
            return this;
        }

        /** Adds an engine listener (e.g. {@code KubernetesEvents}, micrometer's {@code StepwiseMetrics}). */
        public Builder listener(RolloutListener listener) {
            listeners.add(InvalidValueException.requireNonNull("listener", listener));
            return this;
        }

        /**
         * Whether the engine's decisions become Kubernetes Events on the Rollout resource (a
         * {@link KubernetesEvents} with its defaults, owned by the controller); default true.
         */
        public Builder events(boolean events) {
            this.events = events;
            return this;
        }

        /** How often the informers hand every resource over again; default 5 minutes; at least 1 second. */
        public Builder resync(Duration resync) {
            InvalidValueException.requireNonNull("resync", resync);
            if (resync.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new InvalidValueException("resync", resync, "must be at least 1s");
            }
            this.resync = resync;
            return this;
        }

        public StepwiseController build() {
            return new StepwiseController(this);
        }
    }
}
