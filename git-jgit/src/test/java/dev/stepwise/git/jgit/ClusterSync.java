package dev.stepwise.git.jgit;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.testkit.InMemoryManifestSink;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A GitOps controller (Argo CD, Flux) standing between the repository and a cluster: every
 * {@link #PERIOD} of virtual time it applies the route files of {@code main}'s head to an in-memory
 * cluster, so the cluster shows a pushed split only some seconds after the push.
 */
final class ClusterSync {

    static final Duration PERIOD = Duration.ofSeconds(45);

    private final GitOpsRollout rollout;
    private final InMemoryManifestSink cluster = new InMemoryManifestSink();
    private final AtomicInteger syncs = new AtomicInteger();

    ClusterSync(GitOpsRollout rollout) {
        this.rollout = rollout;
        rollout.scheduler.schedule(PERIOD, this::sync);
    }

    /** The cluster's resources, as the API server would hold them. */
    InMemoryManifestSink sink() {
        return cluster;
    }

    /** How many syncs changed something in the cluster. */
    int syncs() {
        return syncs.get();
    }

    private void sync() {
        String head = rollout.remote.history().get(0).id();
        boolean changed = false;
        for (var ref : rollout.renderer.resources()) {
            var file = rollout.remote.file(head, rollout.sink.path(ref));
            if (file.isPresent()) {
                Manifest desired = Manifest.parse(file.get());
                Manifest current = cluster.get(ref).map(m -> withoutVersion(m)).orElse(null);
                if (!desired.equals(current)) {
                    cluster.put(desired);
                    changed = true;
                }
            }
        }
        if (changed) {
            syncs.incrementAndGet();
        }
        rollout.scheduler.schedule(PERIOD, this::sync);
    }

    private static Manifest withoutVersion(Manifest manifest) {
        var json = manifest.json();
        json.withObjectProperty("metadata").remove("resourceVersion");
        return Manifest.of(json);
    }
}
