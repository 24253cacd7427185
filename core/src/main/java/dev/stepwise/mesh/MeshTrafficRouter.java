package dev.stepwise.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.gitops.GitBackend;
import dev.stepwise.spi.RouteFence;
import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.SupersededWriteException;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.spi.Verification;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TrafficRouter} made of a {@link MeshRenderer} (what to write) and a {@link ManifestSink}
 * (where): read the resources, render the split over them, write those that changed.
 *
 * <p>Writes are compare-and-set. When another writer changes a resource between our read and our
 * write, the sink refuses ({@link ManifestConflictException}); the router reads again, renders over
 * the other writer's version (so nothing of theirs is lost) and writes again, at most
 * {@link #DEFAULT_CONFLICT_ATTEMPTS} times by default, without waiting: a conflict means the
 * resource has already changed, so a fresh read resolves it. Still conflicting after that, the
 * exception reaches the engine, which holds and retries with backoff.
 *
 * <p><b>Fencing.</b> Every resource written for a rollout's step carries the annotation
 * {@value #FENCE_ANNOTATION}: the highest {@link StepNote#version()} each rollout wrote it at
 * ({@link RouteFence#text()}, e.g. {@code shop/podinfo=7}; several rollouts sharing a resource have
 * an entry each, and a write touches only its own). After each read the router checks it and
 * refuses a step older than the one recorded ({@link SupersededWriteException}, nothing written).
 * The write that follows is a compare-and-set on what was read ({@code resourceVersion} on the API
 * server, the file's blob on Git), so a writer in between fails it and the next read sees the newer
 * fence: there is no window between check and write. A step moving the fence writes every resource
 * of the route, so that each write a late writer could make meets the newer fence in its
 * compare-and-set (for a route spread over two resources, as Istio's, the second is written on
 * every step too); re-applying the same step with the same split writes nothing. Renderers never
 * see the annotation as part of the route: {@link #verify} and {@link #current()} parse the spec,
 * and a renderer alone (as {@code stepwise render} uses it) writes no annotation.
 *
 * <p>Every write tells the sink why (the engine's {@link StepNote}) and the split before and after,
 * for sinks that keep an audit trail.
 *
 * <p>{@link #reconcile()} repairs the shape and keeps the weights: it renders the split the route
 * holds (all stable for a new route) over what is stored. {@link #verify} reads the resources back
 * ({@link ManifestSink#readBack}) and answers VERIFIED when they hold the split: the mesh's control plane takes its routes from
 * there. {@link #release()} routes everything to stable and leaves the resources in place, so that
 * a user's shared resource never loses its host.
 *
 * <p>The router keeps the last resources it parsed and their split: resources read again unchanged
 * (equal, {@code resourceVersion} included) are not parsed again. So a step, whose split before the
 * write is what the last verify read, parses once (what verify reads back), and a verify repeated
 * while nothing changed parses nothing. The renderer is pure, so this changes no answer.
 */
public final class MeshTrafficRouter implements TrafficRouter {

    /** Read-render-write attempts per change when other writers keep interfering, by default. */
    public static final int DEFAULT_CONFLICT_ATTEMPTS = 5;

    /** The annotation holding the route's {@link RouteFence} on every resource written for a rollout's step. */
    public static final String FENCE_ANNOTATION = "stepwise.dev/fence";

    private static final String FENCE_POINTER = "/metadata/annotations/" + FENCE_ANNOTATION.replace("/", "~1");

    private static final Logger LOG = LoggerFactory.getLogger(MeshTrafficRouter.class);

    private final MeshRenderer renderer;
    private final ManifestSink sink;
    private final int conflictAttempts;
    private final Clock clock;
    /** The last resources parsed and what they parsed to; replaced whole, so readers need no lock. */
    private volatile Optional<Parsed> lastParsed = Optional.empty();

    private MeshTrafficRouter(MeshRenderer renderer, ManifestSink sink, int conflictAttempts) {
        this(renderer, sink, conflictAttempts, Clock.systemUTC());
    }

    private MeshTrafficRouter(MeshRenderer renderer, ManifestSink sink, int conflictAttempts, Clock clock) {
        this.clock = InvalidValueException.requireNonNull("clock", clock);
        this.renderer = InvalidValueException.requireNonNull("renderer", renderer);
        this.sink = InvalidValueException.requireNonNull("sink", sink);
        this.conflictAttempts = InvalidValueException.requireBetween("conflictAttempts", conflictAttempts, 1, 100);
    }

    /** A router writing {@code renderer}'s resources to {@code sink}, with the default conflict attempts. */
    public static MeshTrafficRouter of(MeshRenderer renderer, ManifestSink sink) {
        return new MeshTrafficRouter(renderer, sink, DEFAULT_CONFLICT_ATTEMPTS);
    }

    /** A router that tries a change at most {@code conflictAttempts} times (1..100) against other writers. */
    public static MeshTrafficRouter of(MeshRenderer renderer, ManifestSink sink, int conflictAttempts) {
        return new MeshTrafficRouter(renderer, sink, conflictAttempts);
    }

    /**
     * A router like {@link #of(MeshRenderer, ManifestSink, int)} whose changes made outside a rollout
     * (reconcile, release) are dated by {@code clock}; the default is the system clock.
     */
    public static MeshTrafficRouter of(MeshRenderer renderer, ManifestSink sink, int conflictAttempts, Clock clock) {
        return new MeshTrafficRouter(renderer, sink, conflictAttempts, clock);
    }

    /** The renderer, for tools that want the resources without writing them. */
    public MeshRenderer renderer() {
        return renderer;
    }

    @Override
    public void reconcile() {
        reconcile(StepNote.outsideRollout("route set up or repaired", clock.instant()));
    }

    /** Repairs the shape as {@link #reconcile()} does, telling the sink which rollout it is for. */
    @Override
    public void reconcile(StepNote why) {
        InvalidValueException.requireNonNull("why", why);
        write(existing -> parse(existing).orElse(TrafficSplit.allStable()), why);
    }

    @Override
    public void apply(TrafficSplit split) {
        apply(split, StepNote.outsideRollout("split applied outside a rollout", clock.instant()));
    }

    /** Writes {@code split}, telling the sink why ({@link ManifestSink#write(List, StepNote, TrafficSplit, TrafficSplit)}). */
    @Override
    public void apply(TrafficSplit split, StepNote why) {
        InvalidValueException.requireNonNull("split", split);
        InvalidValueException.requireNonNull("why", why);
        write(existing -> split, why);
    }

    @Override
    public TrafficSplit current() {
        return parse(read()).orElse(TrafficSplit.allStable());
    }

    @Override
    public Verification verify(TrafficSplit split) {
        InvalidValueException.requireNonNull("split", split);
        return parse(sink.readBack(renderer.resources())).filter(split::equals).isPresent() ? Verification.VERIFIED
                : Verification.PENDING;
    }

    @Override
    public void release() {
        apply(TrafficSplit.allStable(), StepNote.outsideRollout("route released", clock.instant()));
    }

    @Override
    public RouterCapabilities capabilities() {
        return renderer.capabilities();
    }

    /** {@inheritDoc} The sink's ({@link ManifestSink#repository()}): a split is one write to it. */
    @Override
    public Optional<GitBackend> repository() {
        return sink.repository();
    }

    private List<Manifest> read() {
        return sink.read(renderer.resources());
    }

    /**
     * Read, render the split chosen from what is stored, write what changed; again on a conflict.
     * The first read may answer from what the sink saw last ({@link ManifestSink#readForWrite}): the
     * write is a compare-and-set, so a stale answer only costs a conflict, and the reads after one
     * are {@link ManifestSink#read}.
     */
    private void write(Function<List<Manifest>, TrafficSplit> choose, StepNote why) {
        for (int attempt = 1; ; attempt++) {
            List<Manifest> existing = attempt == 1 ? sink.readForWrite(renderer.resources()) : read();
            fence(existing).admit(why);
            TrafficSplit split = choose.apply(existing);
            List<Manifest> changed = changed(fenced(renderer.render(split, existing), why), existing);
            if (changed.isEmpty()) {
                return;
            }
            TrafficSplit before = parse(existing).orElse(TrafficSplit.allStable());
            try {
                sink.write(changed, why, before, split);
                LOG.debug("{}: wrote {} for {}", renderer.target().service(), changed, split);
                return;
            } catch (ManifestConflictException e) {
                if (attempt >= conflictAttempts) {
                    throw e;
                }
                LOG.info("{}: {}; reading again (attempt {} of {})", renderer.target().service(), e.getMessage(),
                        attempt + 1, conflictAttempts);
            }
        }
    }

    /** The route's fence: the highest version per rollout over every resource read. */
    private static RouteFence fence(List<Manifest> resources) {
        RouteFence fence = RouteFence.none();
        for (Manifest resource : resources) {
            fence = fence.merge(fence(resource));
        }
        return fence;
    }

    private static RouteFence fence(Manifest resource) {
        JsonNode text = resource.at(FENCE_POINTER);
        if (text.isMissingNode()) {
            return RouteFence.none();
        }
        try {
            return RouteFence.parse(text.asText());
        } catch (InvalidValueException e) {
            throw new IllegalStateException(resource.ref() + ": annotation " + FENCE_ANNOTATION + " is not Stepwise's ("
                    + e.getMessage() + "); correct it or remove it", e);
        }
    }

    /** {@code rendered}, each recording {@code why}'s version for its rollout; as rendered for a note outside a rollout. */
    private static List<Manifest> fenced(List<Manifest> rendered, StepNote why) {
        if (!why.isAttributed()) {
            return rendered;
        }
        List<Manifest> fenced = new ArrayList<>(rendered.size());
        for (Manifest manifest : rendered) {
            ObjectNode json = manifest.json();
            json.withObjectProperty("metadata").withObjectProperty("annotations")
                    .put(FENCE_ANNOTATION, fence(manifest).admit(why).text());
            fenced.add(Manifest.of(json));
        }
        return fenced;
    }

    /** The split {@code resources} hold: the last answer when they are the resources parsed last. */
    private Optional<TrafficSplit> parse(List<Manifest> resources) {
        Optional<Parsed> last = lastParsed;
        if (last.isPresent() && last.get().resources().equals(resources)) {
            return last.get().split();
        }
        Optional<TrafficSplit> split = renderer.parse(resources);
        lastParsed = Optional.of(new Parsed(List.copyOf(resources), split));
        return split;
    }

    /** Resources as read, and the split the renderer parsed from them. */
    private record Parsed(List<Manifest> resources, Optional<TrafficSplit> split) {
    }

    private static List<Manifest> changed(List<Manifest> rendered, List<Manifest> existing) {
        Map<ResourceRef, Manifest> stored = existing.stream()
                .collect(Collectors.toMap(Manifest::ref, Function.identity(), (a, b) -> a));
        List<Manifest> changed = new ArrayList<>();
        for (Manifest manifest : rendered) {
            if (!manifest.equals(stored.get(manifest.ref()))) {
                changed.add(manifest);
            }
        }
        return changed;
    }

    @Override
    public String toString() {
        return "MeshTrafficRouter[" + renderer + " -> " + sink + "]";
    }
}
