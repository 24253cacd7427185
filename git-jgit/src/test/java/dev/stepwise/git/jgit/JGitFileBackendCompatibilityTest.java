package dev.stepwise.git.jgit;

import dev.stepwise.gitops.GitBackend;
import dev.stepwise.tck.GitBackendCompatibilityKit;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link JGitBackend} on a bare repository reached through {@code file://}. */
class JGitFileBackendCompatibilityTest extends GitBackendCompatibilityKit {

    @TempDir
    Path root;

    private BareRemote remote;

    @Override
    protected void createEmptyRemote() throws Exception {
        remote = BareRemote.create(root, "gitops");
    }

    @Override
    protected GitBackend openClone() {
        return remote.openClone();
    }
}
