package dev.stepwise.operator.internal;

import dev.stepwise.analysis.Verdict;
import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.launch.Launch;
import dev.stepwise.launch.LaunchEnvironment;
import dev.stepwise.launch.MissingEnvironmentException;
import dev.stepwise.launch.RolloutLauncher;
import dev.stepwise.operator.RolloutResource;
import dev.stepwise.rollout.Command;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.spi.Leadership;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.Problem;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the engine in line with one {@code Rollout} resource, on the controller's worker thread:
 * launches each new generation (or reports it {@code Invalid}), adds the finalizer, takes the
 * command annotation, projects the engine's events to status, and on deletion aborts, waits for a
 * terminal record and lets the resource go. Every replica launches and registers (a follower's
 * engine writes nothing and takes over on a new term); only the leader writes to the resource.
 */
public final class RolloutReconciler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutReconciler.class);

    private final KubernetesClient client;
    private final RolloutEngine engine;
    private final RoutingStateStore store;
    private final RolloutLauncher launcher;
    private final Leadership leadership;
    private final Clock clock;
    private final RolloutApi api;
    private final StatusWriter writer;
    private final AnnotationCommands commands;
    private final WorkQueue queue;
    private final Function<String, @Nullable GenericKubernetesResource> cache;
    private final Map<String, Launched> launched = new ConcurrentHashMap<>();
    private final Map<String, Long> refused = new ConcurrentHashMap<>();
    private final Map<String, Long> refusalWritten = new ConcurrentHashMap<>();
    private final Map<String, List<Problem>> refusalProblems = new ConcurrentHashMap<>();
    private final Map<String, String> messages = new ConcurrentHashMap<>();
    private final Map<String, List<Verdict>> verdicts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> abortSent = new ConcurrentHashMap<>();

    public RolloutReconciler(KubernetesClient client, RolloutEngine engine, RoutingStateStore store, RolloutLauncher launcher,
                             Leadership leadership, Clock clock, RolloutApi api, WorkQueue queue,
                             Function<String, @Nullable GenericKubernetesResource> cache) {
        this.client = client;
        this.engine = engine;
        this.store = store;
        this.launcher = launcher;
        this.leadership = leadership;
        this.clock = clock;
        this.api = api;
        this.queue = queue;
        this.cache = cache;
        this.writer = new StatusWriter(api, client.getKubernetesSerialization(), cache);
        this.commands = new AnnotationCommands(api, engine);
    }

    /** Queues a look at resource {@code key} ({@code namespace/name}). */
    public void resourceChanged(String key) {
        queue.submit("rollout " + key, () -> handle(key));
    }

    /** Queues a look at once at the rollouts whose target is Deployment {@code key}: its pod template changed. */
    public void templateChanged(String key) {
        launched.forEach((id, l) -> {
            if (l.target().equals(key)) {
                LOG.info("{}: the pod template of Deployment {} changed; looking now", id, key);
                queue.submit("look " + id, () -> {
                    if (engine.rollouts().contains(id)) {
                        engine.reconcile(id);
                    }
                });
            }
        });
    }

    /** The engine's listener: remembers the message and verdicts, queues a status write (and a look on the end). */
    public void onEvent(RolloutEvent event) {
        String id = event.id();
        StatusProjection.message(event).ifPresent(m -> messages.put(id, m));
        verdicts.compute(id, (k, shown) -> StatusProjection.lastVerdicts(shown == null ? List.of() : shown, event));
        if (event instanceof RolloutEvent.Stepped || event instanceof RolloutEvent.Ended
                || event instanceof RolloutEvent.Failed || event instanceof RolloutEvent.Conflicted
                || event instanceof RolloutEvent.Stuck || event instanceof RolloutEvent.Applied) {
            queue.submit("status " + id, () -> writeStatus(id));
        }
        if (event instanceof RolloutEvent.Ended) {
            resourceChanged(id);
        }
    }

    /** Ids of the rollouts launched, by this replica. */
    public List<String> running() {
        return new ArrayList<>(launched.keySet());
    }

    private boolean leading() {
        return leadership.current().leading();
    }

    void handle(String key) {
        GenericKubernetesResource resource = cache.apply(key);
        if (resource == null) {
            stop(key, "its resource is gone");
            return;
        }
        if (resource.getMetadata().getDeletionTimestamp() != null) {
            if (leading()) {
                finalizeDeletion(key, resource);
            }
            return;
        }
        if (leading() && !RolloutApi.finalizers(resource).contains(RolloutResource.FINALIZER)) {
            addFinalizer(resource);
        }
        launch(key, resource);
        if (leading()) {
            commands.take(resource, launched.containsKey(key));
            Long refusedGeneration = refused.get(key);
            if (refusedGeneration != null && !refusedGeneration.equals(refusalWritten.get(key))) {
                writeRefusal(key, resource, refusedGeneration);
            }
            writeStatus(key);
        }
    }

    private void launch(String key, GenericKubernetesResource resource) {
        long generation = generation(resource);
        Launched current = launched.get(key);
        if (current != null && current.generation() == generation
                || Long.valueOf(generation).equals(refused.get(key))) {
            return;
        }
        RolloutSpec spec;
        Launch launch;
        try {
            spec = SpecDocument.read(resource, client.getKubernetesSerialization(), launcher.strategies());
            launch = launcher.launch(spec, LaunchEnvironment.builder().clock(clock).with(KubernetesClient.class, client)
                    .defaultNamespace(resource.getMetadata().getNamespace()).build());
        } catch (InvalidConfigException e) {
            refuse(key, generation, e.problems(), current);
            return;
        } catch (MissingEnvironmentException e) {
            refuse(key, generation, List.of(new Problem("spec", String.valueOf(e.getMessage()))), current);
            return;
        } catch (RuntimeException e) {
            LOG.warn("{}: generation {} not launched: {}; tried again at the next change or resync", key, generation, e.toString());
            if (leading()) {
                api.event(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), "Warning", "LaunchFailed",
                        "generation " + generation + " not launched: " + e.getMessage() + "; tried again at the next change or resync");
            }
            return;
        }
        refused.remove(key);
        refusalWritten.remove(key);
        if (current != null) {
            engine.unregister(key);
            close(current);
            LOG.info("{}: spec changed (generation {} -> {}); the stored record stays, the rollout goes on", key,
                    current.generation(), generation);
        }
        store.route(key, launch.store());
        String target = resource.getMetadata().getNamespace() + "/" + spec.target().name();
        launched.put(key, new Launched(generation, launch, target));
        engine.register(launch.definition());
        LOG.info("{}: generation {} launched: {}", key, generation, launch.definition());
    }

    private void refuse(String key, long generation, List<Problem> problems, @Nullable Launched current) {
        refused.put(key, generation);
        LOG.warn("{}: generation {} refused, nothing registered{}: {}", key, generation,
                current == null ? "" : " (generation " + current.generation() + " goes on)", StatusProjection.invalidMessage(problems));
        refusalProblems.put(key, problems);
    }

    private void writeRefusal(String key, GenericKubernetesResource resource, long generation) {
        List<Problem> problems = refusalProblems.getOrDefault(key, List.of());
        String ns = resource.getMetadata().getNamespace();
        String name = resource.getMetadata().getName();
        api.event(ns, name, "Warning", "InvalidSpec", "generation " + generation + " refused: "
                + StatusProjection.invalidMessage(problems));
        writer.write(ns, name, generation, previous -> StatusProjection.invalid(generation, problems, previous, clock.instant()));
        refusalWritten.put(key, generation);
    }

    private void writeStatus(String id) {
        Launched l = launched.get(id);
        Optional<StoredRollout> rec = store.latest(id);
        if (l == null || rec.isEmpty() || !leading()) {
            return;
        }
        int slash = id.indexOf('/');
        long generation = l.generation();
        writer.write(id.substring(0, slash), id.substring(slash + 1), generation, previous -> StatusProjection.of(generation,
                rec.get().state(), messages.getOrDefault(id, ""), verdicts.getOrDefault(id, List.of()), previous, clock.instant()));
    }

    private void addFinalizer(GenericKubernetesResource resource) {
        List<String> finalizers = RolloutApi.finalizers(resource);
        String add = finalizers.isEmpty()
                ? "{\"op\":\"add\",\"path\":\"/metadata/finalizers\",\"value\":[" + RolloutApi.json(RolloutResource.FINALIZER) + "]}"
                : "{\"op\":\"add\",\"path\":\"/metadata/finalizers/-\",\"value\":" + RolloutApi.json(RolloutResource.FINALIZER) + "}";
        patchQuietly(resource, "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":"
                + RolloutApi.json(resource.getMetadata().getResourceVersion()) + "}," + add + "]", "add the finalizer");
    }

    private void finalizeDeletion(String key, GenericKubernetesResource resource) {
        int index = RolloutApi.finalizers(resource).indexOf(RolloutResource.FINALIZER);
        if (index < 0) {
            return;
        }
        Optional<StoredRollout> rec = launched.containsKey(key) ? engine.status(key) : Optional.empty();
        if (rec.isPresent() && !rec.get().state().phase().isTerminal()) {
            if (abortSent.putIfAbsent(key, Boolean.TRUE) == null) {
                try {
                    engine.command(key, Command.ABORT);
                    LOG.info("{}: resource deleted; aborting the rollout, all traffic back to stable, before letting it go", key);
                    api.event(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), "Normal", "Releasing",
                            "resource deleted: aborting the rollout; the finalizer is removed once all traffic is on stable");
                } catch (RuntimeException e) {
                    abortSent.remove(key);
                    LOG.warn("{}: abort on deletion not taken yet: {}; tried again at the next change", key, e.getMessage());
                }
            }
            return;
        }
        rec.ifPresent(r -> store.delete(key));
        stop(key, "its resource is deleted and all traffic is on stable");
        patchQuietly(resource, "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/" + index + "\",\"value\":"
                + RolloutApi.json(RolloutResource.FINALIZER) + "},{\"op\":\"remove\",\"path\":\"/metadata/finalizers/" + index + "\"}]",
                "remove the finalizer");
    }

    private void patchQuietly(GenericKubernetesResource resource, String patch, String what) {
        try {
            api.patch(resource.getMetadata().getNamespace(), resource.getMetadata().getName(), patch);
        } catch (KubernetesClientException e) {
            // 409/422: the resource changed in between; its update event brings it back here
            LOG.debug("{}/{}: could not {} ({}); looked at again at its next change", resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName(), what, e.getCode());
        }
    }

    /** Stops running {@code key} in this replica: unregistered, its launch closed, its store unrouted. */
    private void stop(String key, String why) {
        Launched l = launched.remove(key);
        refused.remove(key);
        refusalWritten.remove(key);
        refusalProblems.remove(key);
        messages.remove(key);
        verdicts.remove(key);
        abortSent.remove(key);
        if (l != null) {
            engine.unregister(key);
            close(l);
            store.unroute(key);
            LOG.info("{}: no longer run: {}", key, why);
        }
    }

    private static void close(Launched l) {
        try {
            l.launch().close();
        } catch (RuntimeException e) {
            LOG.warn("{}: launch not closed cleanly: {}", l.launch().id(), e.toString());
        }
    }

    private static long generation(GenericKubernetesResource resource) {
        Long g = resource.getMetadata().getGeneration();
        return g == null ? 0 : g;
    }

    /** Unregisters and closes every launch; stored records stay. */
    @Override
    public void close() {
        new ArrayList<>(launched.keySet()).forEach(key -> {
            Launched l = launched.remove(key);
            if (l != null) {
                engine.unregister(key);
                close(l);
            }
        });
    }

    @Override
    public String toString() {
        return "RolloutReconciler[" + launched.size() + " launched, " + refused.size() + " refused]";
    }
}
