package dev.stepwise.git.jgit;

import dev.stepwise.gitops.GitBackend;
import dev.stepwise.tck.GitBackendCompatibilityKit;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** {@link JGitBackend} over {@code git://} against a real {@code git daemon} on 127.0.0.1; one daemon for the class, one repository per test. */
class JGitDaemonBackendCompatibilityTest extends GitBackendCompatibilityKit {

    @TempDir
    static Path root;

    private static GitDaemon daemon;
    private static final AtomicInteger REPOSITORIES = new AtomicInteger();

    private BareRemote remote;

    @BeforeAll
    static void startDaemon() throws Exception {
        daemon = GitDaemon.serve(java.nio.file.Files.createDirectories(root.resolve("served")));
    }

    @AfterAll
    static void stopDaemon() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Override
    protected void createEmptyRemote() throws Exception {
        remote = BareRemote.create(root.resolve("served"), "gitops-" + REPOSITORIES.incrementAndGet());
    }

    @Override
    protected GitBackend openClone() {
        return remote.openClone(daemon.uri(remote.directory().getFileName().toString()));
    }
}
