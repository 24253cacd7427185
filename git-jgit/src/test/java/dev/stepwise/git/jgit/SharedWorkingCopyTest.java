package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.spi.StoredRollout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rollouts sharing one working copy, as an engine's scheduler threads share its backend: every
 * traffic write and state save that returned must be on the remote, checked in the remote's own
 * history (issue 12). The remote starts empty and is served by a real {@code git daemon}.
 */
@DisplayName("Rollouts sharing one working copy")
class SharedWorkingCopyTest {

    private static final Logger LOG = LoggerFactory.getLogger(SharedWorkingCopyTest.class);
    /** Rollouts in the run on real threads; {@code -Dstepwise.sharedRollouts=50} for the bigger figure. */
    private static final int ROLLOUTS = Integer.getInteger("stepwise.sharedRollouts", 4);
    private static final int STEPS = 5;
    /** The engine's default scheduler threads. */
    private static final int THREADS = 2;

    @TempDir
    Path root;

    @Test
    @DisplayName("loses no traffic write and no state save when another thread syncs between each commit and its push")
    void syncBetweenCommitAndPush() throws Exception {
        Path served = Files.createDirectories(root.resolve("served"));
        BareRemote remote = BareRemote.create(served, "gitops");
        try (GitDaemon daemon = GitDaemon.serve(served);
             SyncBetweenBackend backend = new SyncBetweenBackend(remote.openClone(daemon.uri("gitops.git")))) {
            SharedWrites writes = new SharedWrites(GitManifestSink.builder(backend).baseDir("apps").build(),
                    GitStateStore.of(backend));

            writes.rollout("podinfo", STEPS);

            RemoteAudit.Lost lost = RemoteAudit.of(remote.directory()).lost(writes);
            LOG.info("sync between commit and push: {} syncs in between, {}", backend.syncsInBetween(), lost);
            assertThat(lost.total()).as(lost.toString()).isZero();
            assertThat(backend.syncsInBetween()).as("no sync got between a commit and its push").isZero();
        }
    }

    @Test
    @DisplayName("lets rollouts on two threads share one backend, sink and state store: every write on the remote, every rollout at its last step")
    void rolloutsOnTwoThreads() throws Exception {
        Path served = Files.createDirectories(root.resolve("served"));
        BareRemote remote = BareRemote.create(served, "gitops");
        long started = System.nanoTime();
        try (GitDaemon daemon = GitDaemon.serve(served);
             JGitBackend backend = remote.openClone(daemon.uri("gitops.git"))) {
            SharedWrites writes = new SharedWrites(GitManifestSink.builder(backend).baseDir("apps").build(),
                    GitStateStore.of(backend));
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            AtomicInteger failed = new AtomicInteger();
            try {
                List<Future<?>> rollouts = new ArrayList<>();
                for (int r = 0; r < ROLLOUTS; r++) {
                    String name = "app-" + r;
                    rollouts.add(threads.submit(() -> {
                        try {
                            writes.rollout(name, STEPS);
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                            LOG.warn("{} failed: {}", name, e.toString());
                        }
                    }));
                }
                for (Future<?> rollout : rollouts) {
                    rollout.get(5, TimeUnit.MINUTES);
                }
            } finally {
                threads.shutdownNow();
            }

            RemoteAudit audit = RemoteAudit.of(remote.directory());
            RemoteAudit.Lost lost = audit.lost(writes);
            int unfinished = audit.unfinished(writes);
            LOG.info("{} rollouts x {} steps on {} threads: {}, {} rollouts failed, {} not at their last step, {} ms",
                    ROLLOUTS, STEPS, THREADS, lost, failed.get(), unfinished, (System.nanoTime() - started) / 1_000_000);
            assertThat(lost.total()).as(lost.toString()).isZero();
            assertThat(failed.get()).isZero();
            assertThat(unfinished).isZero();
        }
    }

    /** The ref of rollout {@code name}'s route. */
    static ResourceRef ref(String name) {
        return new ResourceRef("networking.istio.io/v1", "VirtualService", "test", name);
    }

    /** Rollout {@code name}'s route at {@code canary} percent. */
    static Manifest route(String name, int canary) {
        return Manifest.parse(GitManifestSinkTest.route(canary).toYaml().replace("podinfo", name));
    }

    /** What a rollout's step writes, as an engine does: the route through the sink, then its state through the store. */
    record SharedWrites(GitManifestSink sink, GitStateStore store, List<Write> done) {

        SharedWrites(GitManifestSink sink, GitStateStore store) {
            this(sink, store, java.util.Collections.synchronizedList(new ArrayList<>()));
        }

        /** Steps 1..{@code steps}: canary at 10 × step, state saved at each. */
        void rollout(String name, int steps) {
            for (int step = 1; step <= steps; step++) {
                List<Manifest> read = sink.read(List.of(ref(name)));
                Manifest next = route(name, 10 * step);
                sink.write(List.of(read.isEmpty() ? next : GitManifestSinkTest.at(next, read.get(0))));
                done.add(new Write(sink.path(ref(name)), next.toYaml(), false));
                String id = "test/" + name;
                long version = store.load(id).map(StoredRollout::version).orElse(0L);
                StoredRollout saved = store.save(GitStateStoreTest.Samples.simple(id), version);
                done.add(new Write(store.pathOf(id), Long.toString(saved.version()), true));
            }
        }
    }

    /** A write that returned: the file and what it holds (for a state save, the version saved). */
    record Write(String path, String content, boolean state) {
    }
}
