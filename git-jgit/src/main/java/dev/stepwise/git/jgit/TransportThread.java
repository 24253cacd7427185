package dev.stepwise.git.jgit;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one backend's fetches and pushes on a thread of their own, where no caller's interrupt
 * reaches them. The caller (holding the backend's lock) waits for the outcome whatever happens to
 * it meanwhile: an interrupt is remembered and set again once the transfer has ended.
 *
 * <p>Why: JGit's {@code git://} transport cannot be interrupted safely. An interrupt that lands
 * while a push writes its pack makes JGit send no pack, then wait for the remote's report, which
 * the remote (waiting for the pack) never sends; JGit's read timeout works by interrupting the
 * reading thread, which a blocking socket read ignores on Java 13 and later, so the push hangs for
 * ever, holding the backend. An engine whose scheduler is closed ({@code shutdownNow}), a CLI run
 * stopped with Ctrl-C, or a controller's work queue stopping all interrupt their threads. Seen in
 * the GitOps bench at shutdown, reproduced about once in 25 pushes interrupted at a random
 * moment; {@code TransportInterruptTest} interrupts publishes over and over.
 *
 * <p>A transfer that has not ended after {@code patience} (more than JGit's own longest wait) is
 * logged as an error, again at each further {@code patience}, and still awaited: it cannot be
 * aborted, and the backend must not go on with its working copy while the transfer may still
 * update it.
 */
final class TransportThread implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransportThread.class);
    private static final AtomicInteger NUMBER = new AtomicInteger();

    private final ExecutorService thread;
    private final Duration patience;

    /** A JGit call that fetches or pushes. */
    @FunctionalInterface
    interface Transfer<T> {
        T run() throws IOException, GitAPIException;
    }

    TransportThread(Duration patience) {
        this.patience = patience;
        String name = "stepwise-git-transport-" + NUMBER.incrementAndGet();
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code transfer} on the transport thread and returns its outcome; {@code what} names it in logs. */
    <T> T run(String what, Transfer<T> transfer) throws IOException, GitAPIException {
        Future<T> future = thread.submit(transfer::run);
        boolean interrupted = false;
        long waited = 0;
        try {
            while (true) {
                try {
                    return future.get(patience.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    interrupted = true; // the transfer goes on; the caller learns its outcome
                } catch (TimeoutException e) {
                    waited += patience.toMillis();
                    LOG.error("{} has not ended after {} s; a Git transfer cannot be aborted, so the backend waits for it "
                            + "(its working copy held)", what, waited / 1000);
                } catch (ExecutionException e) {
                    throw rethrown(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static IOException rethrown(@Nullable Throwable cause) throws GitAPIException {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof GitAPIException git) {
            throw git;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException("the transfer failed", cause);
    }

    /** Lets a transfer under way end (never interrupts it: that is what hangs it) and stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
    }

    @Override
    public String toString() {
        return "TransportThread[patience " + patience + "]";
    }
}
