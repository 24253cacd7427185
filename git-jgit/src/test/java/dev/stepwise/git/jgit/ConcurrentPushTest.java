package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend.CommitInfo;
import dev.stepwise.gitops.GitBackend.PushOutcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Two clones pushing at once")
class ConcurrentPushTest {

    private static final int COMMITS_EACH = 20;
    /** Far more than two writers ever need; reaching it fails the test rather than looping forever. */
    private static final int MAX_ATTEMPTS_PER_COMMIT = 200;

    @TempDir
    Path root;

    @Test
    @DisplayName("lose none of their 40 commits over file:// when each syncs, commits and pushes again after every rejection")
    void noCommitLostOverFile() throws Exception {
        BareRemote remote = BareRemote.create(root, "gitops");
        race(remote, remote.uri());
    }

    @Test
    @DisplayName("lose none of their 40 commits over git:// to a real git daemon")
    void noCommitLostOverGitDaemon() throws Exception {
        Path served = java.nio.file.Files.createDirectories(root.resolve("served"));
        BareRemote remote = BareRemote.create(served, "gitops");
        try (GitDaemon daemon = GitDaemon.serve(served)) {
            race(remote, daemon.uri("gitops.git"));
        }
    }

    private static void race(BareRemote remote, String uri) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try (JGitBackend a = remote.openClone(uri); JGitBackend b = remote.openClone(uri)) {
            List<Future<?>> writers = new ArrayList<>();
            writers.add(pool.submit(() -> write(a, "a", start)));
            writers.add(pool.submit(() -> write(b, "b", start)));
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(2, TimeUnit.MINUTES);
            }

            try (JGitBackend reader = remote.openClone(uri)) {
                reader.sync();
                List<String> subjects = reader.log("", 1000).stream()
                        .map(commit -> commit.message().lines().findFirst().orElseThrow()).toList();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < COMMITS_EACH; i++) {
                    expected.add("a " + i);
                    expected.add("b " + i);
                }
                assertThat(subjects).hasSize(2 * COMMITS_EACH).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(reader.log("a.txt", 1000)).extracting(CommitInfo::message).first().asString()
                        .startsWith("a " + (COMMITS_EACH - 1));
                assertThat(reader.read("a.txt")).get().extracting(f -> f.content()).isEqualTo("a 19\n");
                assertThat(reader.read("b.txt")).get().extracting(f -> f.content()).isEqualTo("b 19\n");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Commits {@value #COMMITS_EACH} changes of {@code name}.txt, re-syncing after every rejection. */
    private static Void write(JGitBackend backend, String name, CountDownLatch start) throws InterruptedException {
        start.await();
        for (int i = 0; i < COMMITS_EACH; i++) {
            CommitMessage message = new CommitMessage(name + " " + i, "", Map.of("Stepwise-Rollout", "test/" + name));
            for (int attempt = 1; ; attempt++) {
                backend.commit(Map.of(name + ".txt", Optional.of(name + " " + i + "\n")), message, backend.sync());
                if (backend.push() == PushOutcome.PUSHED) {
                    break;
                }
                if (attempt >= MAX_ATTEMPTS_PER_COMMIT) {
                    throw new AssertionError(name + " " + i + " rejected " + attempt + " times");
                }
            }
        }
        return null;
    }
}
