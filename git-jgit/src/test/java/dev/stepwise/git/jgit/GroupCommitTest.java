package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend;
import dev.stepwise.gitops.PublishRejectedException;
import dev.stepwise.spi.StaleStateException;
import dev.stepwise.spi.StoredRollout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JGitBackend#publish}'s group commit over a real {@code git daemon} and a {@code file://}
 * remote: the changes threads queue while the working copy is held go out as one chain of
 * commits, one per change with its own message, and one push.
 */
@DisplayName("Publishing together (group commit)")
class GroupCommitTest {

    private static final int THREADS = 8;

    @TempDir
    Path root;

    @Test
    @DisplayName("publishes the changes of N threads queued meanwhile as one push, each change a commit of its own on the remote")
    void nChangesOnePush() throws Exception {
        Path served = Files.createDirectories(root.resolve("served"));
        BareRemote remote = BareRemote.create(served, "gitops");
        try (GitDaemon daemon = GitDaemon.serve(served); JGitBackend backend = remote.openClone(daemon.uri("gitops.git"))) {
            backend.sync();
            List<Future<String>> published = whileHeld(backend, THREADS, i -> commitFile(backend, "apps/app-" + i + ".yaml", "step 1 of app-" + i));

            List<String> commits = results(published);
            BackendCounts counts = backend.counts();
            assertThat(counts.batches()).isEqualTo(1);
            assertThat(counts.changes()).isEqualTo(THREADS);
            assertThat(counts.pushed()).as("one push carried all %d changes", THREADS).isEqualTo(1);
            assertThat(commits).doesNotHaveDuplicates().hasSize(THREADS);
            List<String> messages = messages(remote.directory());
            for (int i = 0; i < THREADS; i++) {
                assertThat(messages).as("app-%d's own commit is on the remote", i).contains("step 1 of app-" + i);
            }
            assertThat(head(remote.directory())).as("the tip of the chain was pushed").isIn(commits);
        }
    }

    @Test
    @DisplayName("fails only the change whose check fails, with its own exception; the others of the batch land")
    void oneFailedCheck() throws Exception {
        BareRepository remote = BareRepository.create(root);
        try (JGitBackend backend = JGitBackend.builder(remote.uri(), remote.newWorkingDir("engine")).build()) {
            backend.sync();
            List<Future<String>> published = whileHeld(backend, 4, i -> i == 2
                    ? () -> backend.publish(head -> {
                        throw new StaleStateException("test/app-2", 3, 4);
                    })
                    : commitFile(backend, "apps/app-" + i + ".yaml", "step of app-" + i));

            for (int i = 0; i < 4; i++) {
                if (i == 2) {
                    ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                            () -> published.get(2).get(1, TimeUnit.MINUTES));
                    assertThat(failed.getCause()).isInstanceOf(StaleStateException.class);
                } else {
                    published.get(i).get(1, TimeUnit.MINUTES);
                }
            }
            List<String> messages = remote.history().stream().map(BareRepository.Commit::message).toList();
            assertThat(messages).anyMatch(m -> m.startsWith("step of app-0")).anyMatch(m -> m.startsWith("step of app-1"))
                    .anyMatch(m -> m.startsWith("step of app-3")).noneMatch(m -> m.contains("app-2"));
            assertThat(backend.counts().pushed()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("loses nothing when a batch's push is rejected: every state save lands after the stores' retries, the other commit kept")
    void rejectedBatch() throws Exception {
        BareRepository remote = BareRepository.create(root);
        // a long reuse window: the batch commits on the head it confirmed, which a person has moved since
        try (JGitBackend backend = JGitBackend.builder(remote.uri(), remote.newWorkingDir("engine"))
                .syncReuse(Duration.ofMinutes(1)).build()) {
            GitStateStore store = GitStateStore.builder(backend).sleeper(wait -> { }).build();
            backend.sync();
            String theirs = remote.commitAsPerson("Dana", "README.md", text -> text + "more\n", "Edit the README");

            List<Future<String>> saved = whileHeld(backend, THREADS, i -> () -> Long.toString(
                    store.save(GitStateStoreTest.Samples.simple("test/app-" + i), 0).version()));

            assertThat(results(saved)).containsOnly("1");
            BackendCounts counts = backend.counts();
            assertThat(counts.rejected()).as("the first batch was rejected").isGreaterThanOrEqualTo(1);
            List<BareRepository.Commit> history = remote.history();
            assertThat(history).extracting(BareRepository.Commit::id).contains(theirs);
            for (int i = 0; i < THREADS; i++) {
                String id = "test/app-" + i;
                assertThat(history).as("%s's save is on the remote", id)
                        .anyMatch(c -> id.equals(c.trailers().get(GitStateStore.ROLLOUT_TRAILER)));
                assertThat(store.load(id)).map(StoredRollout::version).contains(1L);
            }
        }
    }

    @Test
    @DisplayName("answers a rejected push with PublishRejectedException to each change made, and the next batch fetches")
    void rejectionIsTyped() throws Exception {
        BareRepository remote = BareRepository.create(root);
        try (JGitBackend backend = JGitBackend.builder(remote.uri(), remote.newWorkingDir("engine"))
                .syncReuse(Duration.ofMinutes(1)).build()) {
            backend.sync();
            remote.commitAsPerson("Dana", "README.md", text -> text + "more\n", "Edit the README");

            org.junit.jupiter.api.Assertions.assertThrows(PublishRejectedException.class,
                    () -> commitFile(backend, "apps/a.yaml", "first try").call());
            String pushed = commitFile(backend, "apps/a.yaml", "second try").call();

            assertThat(remote.history().get(0).id()).isEqualTo(pushed);
            assertThat(remote.history()).extracting(BareRepository.Commit::message).noneMatch(m -> m.startsWith("first try"));
        }
    }

    @Test
    @DisplayName("a caller returns as soon as a batch has published its change, even while another thread holds the working copy")
    void doneCallersDoNotWaitForTheLock() throws Exception {
        BareRepository remote = BareRepository.create(root);
        try (JGitBackend backend = JGitBackend.builder(remote.uri(), remote.newWorkingDir("engine")).build()) {
            backend.sync();
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            List<Future<String>> others = new ArrayList<>();
            List<String> returnedWhileHeld = new ArrayList<>();
            backend.exclusively(() -> {
                for (int i = 0; i < THREADS; i++) {
                    others.add(threads.submit(commitFile(backend, "apps/app-" + i + ".yaml", "step 1 of app-" + i)));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (backend.waitingForTheWorkingCopy() < THREADS && System.nanoTime() < deadline) {
                    Thread.yield();
                }
                try {
                    // this thread, holding the working copy, publishes its own change: the batch takes everything queued
                    returnedWhileHeld.add(commitFile(backend, "apps/mine.yaml", "mine").call());
                    for (Future<String> other : others) {
                        returnedWhileHeld.add(other.get(30, TimeUnit.SECONDS)); // before: blocked on the lock held here
                    }
                } catch (Exception e) {
                    throw new AssertionError("a caller whose change was published did not return while the lock was held", e);
                }
                return null;
            });
            threads.shutdown();
            assertThat(returnedWhileHeld).hasSize(THREADS + 1).doesNotHaveDuplicates();
            assertThat(backend.counts().batches()).as("one batch published all of them").isEqualTo(1);
            assertThat(backend.counts().pushed()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("an interrupted caller keeps waiting without spinning, its change is published, and it returns still interrupted")
    void interruptedCallerWaits() throws Exception {
        BareRepository remote = BareRepository.create(root);
        try (JGitBackend backend = JGitBackend.builder(remote.uri(), remote.newWorkingDir("engine")).build()) {
            backend.sync();
            ExecutorService threads = Executors.newSingleThreadExecutor();
            AtomicReference<Thread> caller = new AtomicReference<>();
            AtomicBoolean interruptedAfter = new AtomicBoolean();
            AtomicBoolean parkedAfterInterrupt = new AtomicBoolean();
            List<Future<String>> submitted = new ArrayList<>();
            backend.exclusively(() -> {
                submitted.add(threads.submit(() -> {
                    caller.set(Thread.currentThread());
                    String commit = commitFile(backend, "apps/a.yaml", "step 1 of a").call();
                    interruptedAfter.set(Thread.currentThread().isInterrupted());
                    return commit;
                }));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (backend.waitingForTheWorkingCopy() < 1 && System.nanoTime() < deadline) {
                    Thread.yield();
                }
                assertThat(backend.waitingForTheWorkingCopy()).as("the caller's change is queued").isEqualTo(1);
                threads.shutdownNow(); // interrupts the caller while its change waits
                // Not spinning: the caller takes the interruption (its flag clear again) and parks in a
                // timed wait. A spinning caller sets the flag again at once and never parks.
                Thread waiting = caller.get();
                long parkDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!parkedAfterInterrupt.get() && System.nanoTime() < parkDeadline) {
                    parkedAfterInterrupt.set(!waiting.isInterrupted() && waiting.getState() == Thread.State.TIMED_WAITING);
                    Thread.yield();
                }
                return null;
            });
            assertThat(submitted.get(0).get(30, TimeUnit.SECONDS)).isEqualTo(remote.history().get(0).id());
            assertThat(parkedAfterInterrupt).as("the interrupted caller took the interruption and parked, not spinning").isTrue();
            assertThat(interruptedAfter).as("the caller's interruption is kept").isTrue();
        }
    }

    /** A publisher committing {@code path} with {@code subject}. */
    private static Callable<String> commitFile(GitBackend backend, String path, String subject) {
        return () -> backend.publish(head -> backend.commit(Map.of(path, Optional.of(subject + "\n")),
                new CommitMessage(subject, "", Map.of()), head));
    }

    /**
     * Starts {@code n} publishers while this thread holds the working copy, waits (bounded) until
     * all of them wait for it, then lets go: the first to get it publishes everything queued.
     */
    private static List<Future<String>> whileHeld(JGitBackend backend, int n,
            java.util.function.IntFunction<Callable<String>> publisher) throws InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        List<Future<String>> futures = new ArrayList<>();
        backend.exclusively(() -> {
            for (int i = 0; i < n; i++) {
                futures.add(threads.submit(publisher.apply(i)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (backend.waitingForTheWorkingCopy() < n && System.nanoTime() < deadline) {
                Thread.yield();
            }
            assertThat(backend.waitingForTheWorkingCopy()).as("all publishers queued and waiting").isEqualTo(n);
            return null;
        });
        threads.shutdown();
        assertThat(threads.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        return futures;
    }

    private static List<String> results(List<Future<String>> futures) throws Exception {
        List<String> results = new ArrayList<>();
        for (Future<String> future : futures) {
            results.add(future.get(1, TimeUnit.MINUTES));
        }
        return results;
    }

    /** Subjects of the commits on the bare repository's {@code main}, newest first. */
    private static List<String> messages(Path bare) throws java.io.IOException {
        try (org.eclipse.jgit.lib.Repository repository = org.eclipse.jgit.api.Git.open(bare.toFile()).getRepository();
             org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(repository)) {
            walk.markStart(walk.parseCommit(repository.resolve("refs/heads/main")));
            List<String> subjects = new ArrayList<>();
            walk.forEach(commit -> subjects.add(commit.getShortMessage()));
            return subjects;
        }
    }

    /** The id {@code main} points at in the bare repository. */
    private static String head(Path bare) throws java.io.IOException {
        try (org.eclipse.jgit.lib.Repository repository = org.eclipse.jgit.api.Git.open(bare.toFile()).getRepository()) {
            return repository.resolve("refs/heads/main").name();
        }
    }
}
