package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.testkit.VirtualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JGitBackend#readSynced} and {@link JGitBackend#readCurrent}: reads of the remote head's
 * snapshot, without the backend's lock, over real repositories ({@code file://} and a
 * {@code git daemon}).
 */
@DisplayName("Reading the remote head's snapshot")
class SnapshotReadTest {

    /** On the fixed clock a head confirmed once stays within this window: reads never need a fetch. */
    private static final Duration LONG_REUSE = Duration.ofMinutes(1);
    private static final int BATCH = 8;

    @TempDir
    Path root;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }

    @Test
    @DisplayName("a state load and ids answer while another thread holds the working copy (a push under way)")
    void readsDoNotWaitForAHold() throws Exception {
        Path served = Files.createDirectories(root.resolve("served"));
        BareRemote remote = BareRemote.create(served, "gitops");
        try (GitDaemon daemon = GitDaemon.serve(served);
             JGitBackend backend = JGitBackend.builder(daemon.uri("gitops.git"), remote.newWorkingDirectory())
                     .clock(BareRemote.CLOCK).syncReuse(LONG_REUSE).build()) {
            GitStateStore store = GitStateStore.of(backend);
            store.save(rollout("test/app"), 0);
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> holder = threads.submit(() -> backend.exclusively(() -> {
                held.countDown();
                await(release);
                return null;
            }));
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();

            Future<Optional<StoredRollout>> load = threads.submit(() -> store.load("test/app"));
            Future<List<String>> ids = threads.submit(store::ids);

            assertThat(load.get(30, TimeUnit.SECONDS)).map(StoredRollout::version).contains(1L);
            assertThat(ids.get(30, TimeUnit.SECONDS)).containsExactly("test/app");
            assertThat(holder.isDone()).as("the hold was still on while both answered").isFalse();
            release.countDown();
            holder.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("a read sees a commit another clone pushed, when the head it holds is older than the reuse window")
    void seesAForeignCommitAfterSync() throws Exception {
        BareRemote remote = BareRemote.create(root, "gitops");
        try (JGitBackend engine = remote.openClone(); JGitBackend person = remote.openClone()) {
            engine.sync();
            person.commit(Map.of("apps/a.yaml", Optional.of("by a person\n")), message("person"), person.sync());
            assertThat(person.push()).isEqualTo(GitBackend.PushOutcome.PUSHED);

            Optional<GitBackend.GitFile> beforeFetch = engine.readCurrent(head -> head.read("apps/a.yaml"));
            assertThat(beforeFetch).as("without a fetch").isEmpty();
            long fetches = engine.fetches();
            Optional<GitBackend.GitFile> synced = engine.readSynced(head -> head.read("apps/a.yaml"));
            assertThat(synced).map(GitBackend.GitFile::content).contains("by a person\n");
            assertThat(engine.fetches() - fetches).as("the read fetched once (reuse window zero)").isEqualTo(1);
            Optional<GitBackend.GitFile> latest = engine.readCurrent(head -> head.read("apps/a.yaml"));
            assertThat(latest).as("the fetched head is the latest").isPresent();
        }
    }

    @Test
    @DisplayName("within the reuse window a read fetches nothing and reads the head our own push confirmed")
    void reusesTheConfirmedHead() throws Exception {
        BareRemote remote = BareRemote.create(root, "gitops");
        try (JGitBackend backend = JGitBackend.builder(remote.uri(), remote.newWorkingDirectory()).clock(BareRemote.CLOCK).syncReuse(LONG_REUSE).build()) {
            String pushed = backend.publish(head -> backend.commit(Map.of("apps/a.yaml", Optional.of("1\n")), message("one"), head));
            long fetches = backend.fetches();

            Optional<GitBackend.GitFile> read = backend.readSynced(head -> head.contains(pushed)
                    ? head.read("apps/a.yaml") : Optional.<GitBackend.GitFile>empty());
            assertThat(read).map(GitBackend.GitFile::content).contains("1\n");
            assertThat(backend.fetches()).isEqualTo(fetches);
        }
    }

    @Test
    @DisplayName("readers during a batch see none or all of its commits, never half of it, and never unpushed ones")
    void neverHalfABatch() throws Exception {
        BareRemote remote = BareRemote.create(root, "gitops");
        try (JGitBackend backend = JGitBackend.builder(remote.uri(), remote.newWorkingDirectory()).clock(BareRemote.CLOCK).syncReuse(LONG_REUSE).build()) {
            backend.publish(head -> backend.commit(Map.of("apps/base.yaml", Optional.of("0\n")), message("base"), head));
            AtomicBoolean done = new AtomicBoolean();
            List<Future<List<Integer>>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(threads.submit(() -> observe(backend, done)));
            }
            List<Future<String>> published = new ArrayList<>();
            backend.exclusively(() -> {
                for (int i = 0; i < BATCH; i++) {
                    String path = "apps/app-" + i + ".yaml";
                    published.add(threads.submit(() -> backend.publish(head ->
                            backend.commit(Map.of(path, Optional.of("1\n")), message(path), head))));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (backend.waitingForTheWorkingCopy() < BATCH && System.nanoTime() < deadline) {
                    Thread.yield();
                }
                assertThat(backend.waitingForTheWorkingCopy()).isEqualTo(BATCH);
                return null;
            });
            for (Future<String> each : published) {
                each.get(1, TimeUnit.MINUTES);
            }
            assertThat(backend.counts().pushed()).as("base + one batch").isEqualTo(2);
            for (Future<List<Integer>> reader : readers) {
                List<Integer> seen = reader.get(1, TimeUnit.MINUTES);
                assertThat(seen).as("files of the batch each read saw").isNotEmpty().allMatch(n -> n == 0 || n == BATCH);
                assertThat(seen.get(seen.size() - 1)).isEqualTo(BATCH);
            }
            done.set(true);
        }
    }

    @Test
    @DisplayName("a read whose head is too old while a hold is on takes the head the hold fetches, without waiting for the hold to end")
    void takesTheHoldsFetch() throws Exception {
        BareRemote remote = BareRemote.create(root, "gitops");
        VirtualClock clock = VirtualClock.startingAt(BareRemote.CLOCK.instant());
        try (JGitBackend engine = JGitBackend.builder(remote.uri(), remote.newWorkingDirectory()).clock(clock)
                .syncReuse(Duration.ofSeconds(1)).build(); JGitBackend person = remote.openClone()) {
            engine.sync();
            person.commit(Map.of("apps/a.yaml", Optional.of("by a person\n")), message("person"), person.sync());
            assertThat(person.push()).isEqualTo(GitBackend.PushOutcome.PUSHED);
            clock.advance(Duration.ofSeconds(2));
            long fetches = engine.fetches();
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch fetch = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> holder = threads.submit(() -> engine.exclusively(() -> {
                held.countDown();
                await(fetch);
                engine.sync();
                await(release);
                return null;
            }));
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
            Future<Optional<GitBackend.GitFile>> read = threads.submit(() -> engine.readSynced(head -> head.read("apps/a.yaml")));

            fetch.countDown();
            assertThat(read.get(30, TimeUnit.SECONDS)).map(GitBackend.GitFile::content).contains("by a person\n");
            assertThat(holder.isDone()).as("the hold was still on").isFalse();
            assertThat(engine.fetches() - fetches).as("one fetch, the hold's").isEqualTo(1);
            release.countDown();
            holder.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("a read whose head is too old fetches itself when the hold in flight ends without a fresher head")
    void fetchesAfterAHoldWithoutOne() throws Exception {
        BareRemote remote = BareRemote.create(root, "gitops");
        try (JGitBackend engine = remote.openClone(); JGitBackend person = remote.openClone()) {
            engine.sync();
            person.commit(Map.of("apps/a.yaml", Optional.of("by a person\n")), message("person"), person.sync());
            assertThat(person.push()).isEqualTo(GitBackend.PushOutcome.PUSHED);
            long fetches = engine.fetches();
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> holder = threads.submit(() -> engine.exclusively(() -> {
                held.countDown();
                await(release);
                return null;
            }));
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
            Future<Optional<GitBackend.GitFile>> read = threads.submit(() -> engine.readSynced(head -> head.read("apps/a.yaml")));

            release.countDown();
            assertThat(read.get(30, TimeUnit.SECONDS)).map(GitBackend.GitFile::content).contains("by a person\n");
            assertThat(engine.fetches() - fetches).as("the read's own fetch").isEqualTo(1);
            holder.get(30, TimeUnit.SECONDS);
        }
    }

    /** Reads the batch's files from snapshots until it has seen them all (bounded), counting each time how many there were. */
    private static List<Integer> observe(JGitBackend backend, AtomicBoolean done) {
        List<Integer> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.get() && System.nanoTime() < deadline) {
            int files = backend.readSynced(head -> (int) head.list("apps").stream().filter(f -> f.contains("app-")).count());
            seen.add(files);
            if (files == BATCH) {
                break;
            }
            Thread.onSpinWait();
        }
        return seen;
    }

    private static StoredRollout rollout(String id) {
        return GitStateStoreTest.Samples.simple(id);
    }

    private static CommitMessage message(String subject) {
        return new CommitMessage(subject, "", Map.of());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(1, TimeUnit.MINUTES)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
