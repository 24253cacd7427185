package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.gitops.CommitMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("JGitBackend against a real git daemon")
class JGitDaemonBackendTest {

    @TempDir
    Path root;

    @Test
    @DisplayName("reports a push the remote refuses for a reason of its own (a hook) as a failure with the remote's message")
    void hookRefusal() throws Exception {
        Path served = Files.createDirectories(root.resolve("served"));
        BareRemote remote = BareRemote.create(served, "frozen");
        Path hook = remote.directory().resolve("hooks/pre-receive");
        Files.createDirectories(hook.getParent());
        Files.writeString(hook, "#!/bin/sh\necho 'main is frozen for the release' >&2\nexit 1\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (GitDaemon daemon = GitDaemon.serve(served);
             JGitBackend backend = remote.openClone(daemon.uri("frozen.git"))) {
            backend.commit(Map.of("a.yaml", Optional.of("a\n")), new CommitMessage("change", "", Map.of()),
                    backend.sync());

            assertThatThrownBy(backend::push).isInstanceOf(GitOperationException.class)
                    .hasMessageContaining("refused").hasMessageContaining("main is frozen for the release");
        }
    }

    @Test
    @DisplayName("reports a repository the daemon does not serve as a failure naming the remote")
    void missingRepository() throws Exception {
        Path served = Files.createDirectories(root.resolve("served"));
        BareRemote remote = BareRemote.create(served, "present");
        try (GitDaemon daemon = GitDaemon.serve(served);
             JGitBackend backend = remote.openClone(daemon.uri("absent.git"))) {
            assertThatThrownBy(backend::sync).isInstanceOf(GitOperationException.class)
                    .hasMessageContaining("absent.git");
        }
    }
}
