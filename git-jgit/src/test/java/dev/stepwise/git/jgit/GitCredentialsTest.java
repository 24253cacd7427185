package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.stepwise.git.jgit.internal.Redactor;
import dev.stepwise.validation.InvalidValueException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("GitCredentials")
class GitCredentialsTest {

    private static final String TOKEN = "ghp_s3cr3tT0kenThatMustNeverLeak";
    private static final String PASSWORD = "hunter2-but-longer";

    @TempDir
    Path root;

    @Nested
    @DisplayName("toString")
    class ToStringHidesSecrets {

        @Test
        @DisplayName("shows no token, no password, and the SSH key only by its path")
        void hidesSecrets() {
            assertThat(GitCredentials.token(TOKEN)).hasToString("Token[****]");
            assertThat(GitCredentials.basic("deploy", PASSWORD)).hasToString("Basic[deploy, ****]");
            assertThat(GitCredentials.sshKey(Path.of("/keys/id_ed25519"), Path.of("/keys/known_hosts")).toString())
                    .contains("/keys/id_ed25519", "STRICT");
            assertThat(GitCredentials.none()).hasToString("None");
        }

        @Test
        @DisplayName("refuses a blank secret without echoing it")
        void blankSecret() {
            assertThatThrownBy(() -> GitCredentials.token("  ")).isInstanceOf(InvalidValueException.class)
                    .hasMessage("token: (hidden) must not be blank");
        }
    }

    @Nested
    @DisplayName("with the builder")
    class WithBuilder {

        @Test
        @DisplayName("refuses a password in the remote URI without echoing it")
        void passwordInUri() {
            assertThatThrownBy(() -> JGitBackend.builder("https://bot:" + PASSWORD + "@git.example.com/ops.git",
                    root.resolve("wc"))).isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("must not contain user info").hasMessageNotContaining(PASSWORD);
        }

        @Test
        @DisplayName("refuses a token in the user part of an http(s) URI, shows the URI redacted and says where credentials go")
        void tokenAsUser() {
            assertThatThrownBy(() -> JGitBackend.builder("https://" + TOKEN + "@git.example.com/ops.git",
                    root.resolve("wc"))).isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("remoteUri: https://***@git.example.com/ops.git must not contain user info")
                    .hasMessageContaining("GitCredentials.token(...)").hasMessageNotContaining(TOKEN);
            assertThatThrownBy(() -> JGitBackend.builder("https://" + TOKEN + "@git example.com/ops.git",
                    root.resolve("wc"))).isInstanceOf(InvalidValueException.class).hasMessageNotContaining(TOKEN);
        }

        @Test
        @DisplayName("accepts the login name of an ssh URI, scp-like included: a user name, not a secret")
        void sshLogin() {
            JGitBackend.builder("ssh://git@git.example.com/ops.git", root.resolve("s1"));
            JGitBackend.builder("git@git.example.com:org/ops.git", root.resolve("s2"));
        }

        @Test
        @DisplayName("refuses credentials that do not fit the remote's scheme, and unknown schemes")
        void credentialsMustFitScheme() throws IOException {
            Path key = Files.writeString(root.resolve("id_ed25519"), "not really a key");
            assertThatThrownBy(() -> JGitBackend.builder("file:///srv/ops.git", root.resolve("a"))
                    .credentials(GitCredentials.token(TOKEN)).build())
                    .isInstanceOf(InvalidValueException.class).hasMessageContaining("for http(s) remotes")
                    .hasMessageNotContaining(TOKEN);
            assertThatThrownBy(() -> JGitBackend.builder("https://git.example.com/ops.git", root.resolve("b"))
                    .credentials(GitCredentials.sshKey(key, root.resolve("known_hosts"))).build())
                    .isInstanceOf(InvalidValueException.class).hasMessageContaining("for ssh remotes");
            assertThatThrownBy(() -> JGitBackend.builder("ssh://git@git.example.com/ops.git", root.resolve("c"))
                    .credentials(GitCredentials.sshKey(root.resolve("missing"), root.resolve("known_hosts"))).build())
                    .isInstanceOf(InvalidValueException.class).hasMessageContaining("readable file");
            assertThatThrownBy(() -> JGitBackend.builder("ftp://git.example.com/ops.git", root.resolve("d")))
                    .isInstanceOf(InvalidValueException.class).hasMessageContaining("file, git, http, https or ssh");
        }
    }

    @Nested
    @DisplayName("over HTTP")
    class OverHttp {

        @Test
        @DisplayName("sends the token as basic auth, and a refusal names the remote but never the token")
        void tokenSentNeverShown() throws Exception {
            List<String> authorizations = new CopyOnWriteArrayList<>();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                if (authorization != null) {
                    authorizations.add(authorization);
                }
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
            });
            server.start();
            String uri = "http://127.0.0.1:" + server.getAddress().getPort() + "/ops.git";
            try (JGitBackend backend = JGitBackend.builder(uri, root.resolve("wc"))
                    .credentials(GitCredentials.token(TOKEN)).build()) {
                Throwable failure = catchFailure(backend::sync);

                assertThat(failure).isInstanceOf(GitOperationException.class).hasMessageContaining("127.0.0.1");
                assertThat(everything(failure)).doesNotContain(TOKEN);
                assertThat(backend.toString()).doesNotContain(TOKEN);
            } finally {
                server.stop(0);
            }
            String expected = "Basic " + Base64.getEncoder().encodeToString(
                    (GitCredentials.Token.USERNAME + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
            assertThat(authorizations).as("the token was offered").contains(expected);
        }

        @Test
        @DisplayName("reports an unreachable remote without the password")
        void unreachable() throws Exception {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = socket.getLocalPort();
            }
            try (JGitBackend backend = JGitBackend.builder("https://127.0.0.1:" + closedPort + "/ops.git", root.resolve("wc"))
                    .credentials(GitCredentials.basic("deploy", PASSWORD)).build()) {
                Throwable failure = catchFailure(backend::sync);

                assertThat(failure).isInstanceOf(GitOperationException.class).hasMessageContaining("sync");
                assertThat(everything(failure)).doesNotContain(PASSWORD);
            }
        }
    }

    @Test
    @DisplayName("a failure whose message holds a secret is reported with *** and without its cause")
    void redactsMessages() {
        Redactor redactor = new Redactor(List.of(TOKEN));

        GitOperationException leaking = redactor.failure("push", new IOException("server said: bad token " + TOKEN));
        GitOperationException clean = redactor.failure("push", new IOException("connection refused"));

        assertThat(leaking).hasMessage("push failed: server said: bad token ***").hasNoCause();
        assertThat(clean).hasMessage("push failed: connection refused").hasCauseInstanceOf(IOException.class);
    }

    private static Throwable catchFailure(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    /** The exception's toString, message and stack trace with every cause, as a log would print them. */
    private static String everything(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return failure + "\n" + text;
    }
}
