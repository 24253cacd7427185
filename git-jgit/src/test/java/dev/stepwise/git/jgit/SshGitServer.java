package dev.stepwise.git.jgit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellFactory;

/**
 * A real SSH server on 127.0.0.1 (Apache MINA SSHD, which JGit's SSH client already brings) that
 * runs the commands Git sends ({@code git-upload-pack '/path'}, {@code git-receive-pack '/path'})
 * with the installed git, and accepts one public key.
 */
final class SshGitServer implements AutoCloseable {

    private final SshServer server;

    private SshGitServer(SshServer server) {
        this.server = server;
    }

    /** A server accepting only {@code authorized}; its host key is kept under {@code directory}. */
    static SshGitServer start(Path directory, PublicKey authorized) throws IOException {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(directory.resolve("host-key")));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, authorized));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setCommandFactory((channel, command) ->
                new ProcessShellFactory(command, "/bin/sh", "-c", command).createShell(channel));
        server.start();
        return new SshGitServer(server);
    }

    /** An RSA key pair, the private key written to {@code file} in OpenSSH format, unencrypted. */
    static KeyPair writeKey(Path file) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(3072);
        KeyPair pair = generator.generateKeyPair();
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "stepwise-test", null, out);
        }
        return pair;
    }

    /** The {@code ssh://} URI of the bare repository at {@code repository}. */
    String uri(Path repository) {
        return "ssh://git@127.0.0.1:" + server.getPort() + repository.toAbsolutePath();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
