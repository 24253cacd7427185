package dev.stepwise.git.jgit;

import dev.stepwise.spi.StateStore;
import dev.stepwise.tck.StateStoreCompatibilityKit;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** {@link GitStateStore} on a {@link JGitBackend} of a fresh {@code file://} bare repository per test. */
class GitStateStoreCompatibilityTest extends StateStoreCompatibilityKit {

    @TempDir
    Path root;

    private JGitBackend backend;

    @Override
    protected StateStore createStore() {
        try {
            backend = BareRemote.create(root, "state").openClone();
        } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
            throw new IllegalStateException(e);
        }
        return GitStateStore.of(backend);
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }
}
