package dev.stepwise.git.jgit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.git.jgit.GitCredentials;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Transports: how each transport of a backend is configured")
class TransportsTest {

    @TempDir
    Path root;

    @Test
    @DisplayName("a push searches for deltas only when asked to, keeping the repository's other pack settings")
    void pushDeltas() throws Exception {
        try (Git local = Git.init().setDirectory(root.resolve("local").toFile()).setInitialBranch("main").call()) {
            StoredConfig config = local.getRepository().getConfig();
            config.setInt("pack", null, "window", 4);
            config.save();
            Git.init().setBare(true).setDirectory(root.resolve("remote.git").toFile()).call().close();
            URIish remote = new URIish(root.resolve("remote.git").toUri().toString());
            for (boolean deltas : new boolean[] {false, true}) {
                try (Transports transports = new Transports(GitCredentials.none(), Duration.ofSeconds(7), deltas);
                     Transport transport = Transport.open(local.getRepository(), remote)) {
                    transports.configure(transport);

                    assertThat(transport.getPackConfig().isDeltaCompress()).as("delta search, asked %s", deltas)
                            .isEqualTo(deltas);
                    assertThat(transport.getPackConfig().getDeltaSearchWindowSize()).as("the repository's pack.window")
                            .isEqualTo(4);
                    assertThat(transport.getTimeout()).isEqualTo(7);
                }
            }
        }
    }
}
