package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend.PushOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller interrupted while its push is under way (a scheduler closed with {@code shutdownNow}, a
 * CLI run stopped with Ctrl-C) must neither hang the push nor lose it. JGit's {@code git://}
 * transport, interrupted while it writes a pack, sends none and waits for ever for the remote's
 * report (its timeouts cannot end a blocking socket read on Java 13 and later); the backend runs
 * its transfers on a thread no caller interrupts ({@link TransportThread}).
 */
@DisplayName("JGitBackend: a caller interrupted during its push over git://")
class TransportInterruptTest {

    /** Commits pushed, each while its caller is interrupted over and over. */
    private static final int PUSHES = 20;
    /** Files each commit rewrites, so that writing its pack takes a while. */
    private static final int FILES = 200;
    /** How long one commit and push may take before the test calls it hung (each takes well under a second). */
    private static final long HUNG_SECONDS = 60;

    @TempDir
    Path root;

    @Test
    @DisplayName("every push ends, is pushed and is on the remote; the caller keeps its interrupt")
    void interruptedPushes() throws Exception {
        Path served = Files.createDirectories(root.resolve("served"));
        BareRemote remote = BareRemote.create(served, "deploy");
        ExecutorService threads = Executors.newFixedThreadPool(2, runnable -> {
            Thread t = new Thread(runnable, "interrupt-test");
            t.setDaemon(true);
            return t;
        });
        GitDaemon daemon = GitDaemon.serve(served);
        JGitBackend backend = remote.openClone(daemon.uri("deploy.git"));
        boolean ended = false;
        try {
            List<String> pushed = new ArrayList<>();
            long interrupts = 0;
            Random random = new Random(12);
            for (int i = 0; i < PUSHES; i++) {
                String head = backend.sync();
                String commit = backend.commit(files(random, i), new CommitMessage("step " + i, "", Map.of()), head);
                Pusher pusher = new Pusher(backend);
                Future<PushOutcome> outcome = threads.submit(pusher::pushInterrupted);
                Future<?> interrupter = threads.submit(pusher::interruptWhilePushing);
                try {
                    assertThat(outcome.get(HUNG_SECONDS, TimeUnit.SECONDS)).as("push %d", i).isEqualTo(PushOutcome.PUSHED);
                } catch (TimeoutException e) {
                    fail("push " + i + " of " + PUSHES + " has not ended within " + HUNG_SECONDS
                            + " s while its caller was interrupted: the transfer hung");
                }
                interrupter.get(HUNG_SECONDS, TimeUnit.SECONDS);
                if (pusher.interrupts > 0) {
                    assertThat(pusher.keptInterrupt).as("the caller's interrupt is set again after push %d", i).isTrue();
                }
                interrupts += pusher.interrupts;
                pushed.add(commit);
            }
            assertThat(interrupts).as("interrupts sent to callers while they pushed").isPositive();
            Collections.reverse(pushed);
            assertThat(remoteHistory(remote.directory())).as("the remote's history, newest first")
                    .containsSubsequence(pushed);
            ended = true;
        } finally {
            threads.shutdown();
            if (ended) { // a hung push holds the backend: closing it would wait for ever
                backend.close();
            }
            daemon.close();
        }
    }

    /** Rewrites every file with new content: {@value #FILES} new blobs to pack. */
    private static Map<String, Optional<String>> files(Random random, int step) {
        Map<String, Optional<String>> changes = new LinkedHashMap<>();
        for (int f = 0; f < FILES; f++) {
            changes.put("apps/app-" + f + ".yaml", Optional.of("step: " + step + "\nseed: " + random.nextLong() + "\n"));
        }
        return changes;
    }

    private static List<String> remoteHistory(Path bare) throws Exception {
        try (Git git = Git.open(bare.toFile())) {
            ObjectId head = git.getRepository().resolve("refs/heads/main");
            List<String> ids = new ArrayList<>();
            for (RevCommit c : git.log().add(head).call()) {
                ids.add(c.name());
            }
            return ids;
        }
    }

    /** Pushes on one thread while another interrupts it as fast as it can, until the push returns. */
    private static final class Pusher {

        private final JGitBackend backend;
        private final Object gate = new Object();
        private final CountDownLatch interrupting = new CountDownLatch(1);
        private volatile boolean pushing = true;
        private volatile Thread caller;
        private volatile int interrupts;
        private volatile boolean keptInterrupt;

        Pusher(JGitBackend backend) {
            this.backend = backend;
        }

        PushOutcome pushInterrupted() throws InterruptedException {
            if (!interrupting.await(HUNG_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the interrupting thread did not start");
            }
            caller = Thread.currentThread();
            try {
                return backend.push();
            } finally {
                synchronized (gate) {
                    pushing = false;
                    keptInterrupt = Thread.interrupted(); // cleared: the pool thread runs the next task
                }
            }
        }

        void interruptWhilePushing() {
            interrupting.countDown();
            while (true) {
                synchronized (gate) {
                    if (!pushing) {
                        return;
                    }
                    Thread target = caller;
                    if (target != null) {
                        target.interrupt();
                        interrupts++;
                    }
                }
                Thread.onSpinWait();
            }
        }
    }
}
