package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend.PushOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("JGitBackend over SSH with a private key")
class JGitSshBackendTest {

    @TempDir
    Path root;

    private BareRemote remote;
    private Path key;
    private Path knownHosts;
    private SshGitServer server;

    @BeforeEach
    void start() throws Exception {
        remote = BareRemote.create(root, "gitops");
        Path keys = Files.createDirectories(root.resolve("keys"));
        key = keys.resolve("id_rsa");
        KeyPair pair = SshGitServer.writeKey(key);
        knownHosts = keys.resolve("known_hosts");
        server = SshGitServer.start(Files.createDirectories(root.resolve("server")), pair.getPublic());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private JGitBackend backend(GitCredentials credentials) {
        return JGitBackend.builder(server.uri(remote.directory()), remote.newWorkingDirectory())
                .clock(BareRemote.CLOCK).credentials(credentials).build();
    }

    @Test
    @DisplayName("syncs, commits and pushes with the key, remembering a new host when told to accept new hosts")
    void acceptNewHost() throws Exception {
        GitCredentials.SshKey credentials = new GitCredentials.SshKey(key, knownHosts,
                GitCredentials.HostKeyChecking.ACCEPT_NEW);
        String pushed;
        try (JGitBackend backend = backend(credentials)) {
            pushed = backend.commit(Map.of("a.yaml", Optional.of("a\n")), new CommitMessage("over ssh", "", Map.of()),
                    backend.sync());
            assertThat(backend.push()).isEqualTo(PushOutcome.PUSHED);
        }
        assertThat(knownHosts).content().contains("127.0.0.1");

        try (JGitBackend strict = backend(GitCredentials.sshKey(key, knownHosts))) {
            assertThat(strict.sync()).as("a strict client now knows the host").isEqualTo(pushed);
        }
    }

    @Test
    @DisplayName("refuses an unknown host with strict host key checking")
    void strictRefusesUnknownHost() {
        try (JGitBackend backend = backend(GitCredentials.sshKey(key, knownHosts))) {
            assertThatThrownBy(backend::sync).isInstanceOf(GitOperationException.class)
                    .hasMessageContaining("127.0.0.1");
        }
    }

    @Test
    @DisplayName("is refused with a key the server does not accept")
    void wrongKey() throws Exception {
        Path otherKey = root.resolve("keys/other_rsa");
        SshGitServer.writeKey(otherKey);
        try (JGitBackend backend = backend(new GitCredentials.SshKey(otherKey, knownHosts,
                GitCredentials.HostKeyChecking.ACCEPT_NEW))) {
            assertThatThrownBy(backend::sync).isInstanceOf(GitOperationException.class);
        }
    }
}
