package dev.stepwise.git.jgit.internal;

import dev.stepwise.git.jgit.GitCredentials;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.SshConfigStore;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Configures every JGit transport of one backend: the timeout, and the credentials as an HTTP
 * credentials provider or an SSH session factory of its own (never the JVM-wide default, never
 * the user's {@code ~/.ssh/config} or SSH agent).
 */
public final class Transports implements TransportConfigCallback, AutoCloseable {

    private final GitCredentials credentials;
    private final int timeoutSeconds;
    private final @Nullable SshdSessionFactory ssh;

    public Transports(GitCredentials credentials, Duration timeout) throws IOException {
        this.credentials = credentials;
        this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
        this.ssh = credentials instanceof GitCredentials.SshKey key ? sshSessionFactory(key) : null;
    }

    @Override
    public void configure(Transport transport) {
        transport.setTimeout(timeoutSeconds);
        if (credentials instanceof GitCredentials.Token token) {
            transport.setCredentialsProvider(
                    new UsernamePasswordCredentialsProvider(GitCredentials.Token.USERNAME, token.token()));
        } else if (credentials instanceof GitCredentials.Basic basic) {
            transport.setCredentialsProvider(new UsernamePasswordCredentialsProvider(basic.username(), basic.password()));
        }
        if (transport instanceof SshTransport sshTransport && ssh != null) {
            sshTransport.setSshSessionFactory(ssh);
        }
    }

    @Override
    public void close() {
        if (ssh != null) {
            ssh.close();
        }
    }

    private static SshdSessionFactory sshSessionFactory(GitCredentials.SshKey key) throws IOException {
        if (key.hostKeyChecking() == GitCredentials.HostKeyChecking.ACCEPT_NEW && Files.notExists(key.knownHosts())) {
            // JGit only adds a host to a known_hosts file that exists (it would ask before creating one)
            Files.createDirectories(key.knownHosts().toAbsolutePath().getParent());
            Files.createFile(key.knownHosts());
        }
        File directory = Objects.requireNonNull(key.privateKey().toAbsolutePath().getParent(), "an absolute file has a parent")
                .toFile();
        String checking = key.hostKeyChecking() == GitCredentials.HostKeyChecking.STRICT ? "yes" : "accept-new";
        Map<String, String> options = Map.of("StrictHostKeyChecking", checking,
                "UserKnownHostsFile", key.knownHosts().toAbsolutePath().toString(),
                "IdentityFile", key.privateKey().toAbsolutePath().toString(),
                "IdentitiesOnly", "yes",
                "PreferredAuthentications", "publickey");
        return new SshdSessionFactoryBuilder()
                .setHomeDirectory(directory)
                .setSshDirectory(directory)
                .setDefaultIdentities(dir -> List.of(key.privateKey().toAbsolutePath()))
                .setDefaultKnownHostsFiles(dir -> List.of(key.knownHosts().toAbsolutePath()))
                .setConfigStoreFactory((home, file, user) -> new FixedSshConfig(options))
                .build(null);
    }

    /** An SSH configuration that gives every host the same options, instead of reading {@code ~/.ssh/config}. */
    private record FixedSshConfig(Map<String, String> options) implements SshConfigStore {

        @Override
        public HostConfig lookup(String hostName, int port, String userName) {
            return new FixedHostConfig(options);
        }

        @Override
        public HostConfig lookupDefault(String hostName, int port, String userName) {
            return lookup(hostName, port, userName);
        }
    }

    private record FixedHostConfig(Map<String, String> options) implements SshConfigStore.HostConfig {

        @Override
        public @Nullable String getValue(String key) {
            return options.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }

        @Override
        public List<String> getValues(String key) {
            String value = getValue(key);
            return value == null ? List.of() : List.of(value);
        }

        @Override
        public Map<String, String> getOptions() {
            return options;
        }

        @Override
        public Map<String, List<String>> getMultiValuedOptions() {
            return Map.of();
        }
    }
}
