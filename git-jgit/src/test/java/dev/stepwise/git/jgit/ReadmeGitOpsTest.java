package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.gitops.GitBackend;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.mesh.istio.IstioMeshRenderer;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.traffic.TrafficSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's GitOps snippet, run against a bare repository on disk (file:// needs no credentials). */
class ReadmeGitOpsTest {

    @TempDir
    Path dir;

    @Test
    void theReadmeSnippetCommitsAStepAndKeepsStateInTheRepository() throws Exception {
        Git.init().setBare(true).setInitialBranch("main").setDirectory(dir.resolve("apps.git").toFile()).call().close();
        String uri = dir.resolve("apps.git").toUri().toString();
        RouteTarget target = RouteTarget.of("test", "podinfo");
        try (GitBackend git = JGitBackend.builder(uri, dir.resolve("work")).build()) {
            TrafficRouter router = MeshTrafficRouter.of(IstioMeshRenderer.of(target), GitManifestSink.builder(git).baseDir("apps").build());
            StateStore store = GitStateStore.of(git);

            router.reconcile();
            router.apply(TrafficSplit.canary(10));

            assertThat(router.current()).isEqualTo(TrafficSplit.canary(10));
            assertThat(store.ids()).isEmpty();
            assertThat(git.log("apps/test/virtualservice-podinfo.yaml", 10)).hasSize(2);
        }
        try (GitBackend https = JGitBackend.builder("https://git.example.com/platform/apps.git", dir.resolve("https"))
                .credentials(GitCredentials.token("not-a-real-token")).build()) {
            assertThat(https.toString()).doesNotContain("not-a-real-token");
        }
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(readme).contains("""
                GitBackend git = JGitBackend.builder("https://git.example.com/platform/apps.git", Path.of("/var/lib/stepwise/apps"))
                        .credentials(GitCredentials.token(System.getenv("GIT_TOKEN")))   // or basic, or sshKey; never logged
                        .build();
                TrafficRouter router = MeshTrafficRouter.of(IstioMeshRenderer.of(target), GitManifestSink.builder(git).baseDir("apps").build());
                StateStore store = GitStateStore.of(git);""");
    }
}
