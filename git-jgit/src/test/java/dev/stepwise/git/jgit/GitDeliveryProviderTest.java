package dev.stepwise.git.jgit;

import dev.stepwise.launch.Delivery;
import dev.stepwise.launch.DeliveryProvider;
import dev.stepwise.launch.LaunchContext;
import dev.stepwise.launch.LaunchEnvironment;
import dev.stepwise.launch.MissingEnvironmentException;
import dev.stepwise.launch.RolloutLauncher;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.spec.DeliverySpec;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.strategy.CanaryStrategy;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("GitDeliveryProvider: delivery: git from a spec")
class GitDeliveryProviderTest {

    static final String CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: podinfo-route, namespace: test}\n"
            + "data: {canary: \"10\"}\n";

    @TempDir
    Path dir;

    static RolloutSpec spec(DeliverySpec delivery) {
        return RolloutSpec.of(RolloutSpec.Metadata.of("podinfo", "test"), RolloutSpec.Target.deployment("podinfo"),
                CanaryStrategy.builder().build()).withDelivery(delivery);
    }

    @Test
    @DisplayName("is found by ServiceLoader as git")
    void discovered() {
        assertThat(ServiceLoader.load(DeliveryProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(GitDeliveryProvider.class);
        assertThat(RolloutLauncher.ofInstalled().deliveries()).contains("git");
    }

    @Test
    @DisplayName("commits under the spec's path on its branch, from a working copy under the Git directory")
    void pushesUnderPath() throws Exception {
        BareRemote remote = BareRemote.create(dir, "fleet");
        DeliverySpec.Git git = new DeliverySpec.Git(remote.uri(), "main", "clusters/prod", DeliverySpec.GitMode.PUSH);
        LaunchContext context = LaunchContext.of(spec(git),
                LaunchEnvironment.builder().clock(BareRemote.CLOCK).gitDirectory(dir.resolve("work")).build());

        Delivery delivery = new GitDeliveryProvider().delivery(git, context);
        try {
            assertThat(delivery.store()).isInstanceOf(GitStateStore.class);
            delivery.sink().write(List.of(Manifest.parse(CONFIG_MAP)));
        } finally {
            delivery.closer().close();
        }

        assertThat(dir.resolve("work").resolve("test").resolve("podinfo")).isDirectory();
        Path check = dir.resolve("check");
        Git.cloneRepository().setURI(remote.uri()).setDirectory(check.toFile()).call().close();
        try (Stream<Path> files = Files.walk(check.resolve("clusters").resolve("prod"))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> Files.exists(p) ? p.getFileName().toString() : ""))
                    .anyMatch(name -> name.endsWith(".yaml"));
        }
    }

    @Test
    @DisplayName("mode pullRequest proposes each change instead of pushing it")
    void pullRequestMode() throws Exception {
        BareRemote remote = BareRemote.create(dir, "fleet");
        DeliverySpec.Git git = new DeliverySpec.Git(remote.uri(), "", "", DeliverySpec.GitMode.PULL_REQUEST);
        Delivery delivery = new GitDeliveryProvider().delivery(git, LaunchContext.of(spec(git),
                LaunchEnvironment.builder().gitDirectory(dir.resolve("work")).build()));
        try {
            assertThat(delivery.sink().toString()).contains("PULL_REQUEST");
        } finally {
            delivery.closer().close();
        }
    }

    @Test
    @DisplayName("without a Git directory, says to pass one")
    void noGitDirectory() {
        DeliverySpec.Git git = DeliverySpec.Git.of("https://example.com/fleet.git");
        assertThatThrownBy(() -> new GitDeliveryProvider().delivery(git,
                LaunchContext.of(spec(git), LaunchEnvironment.ofDefaults())))
                .isInstanceOf(MissingEnvironmentException.class)
                .hasMessageContaining("LaunchEnvironment.builder().gitDirectory(path)");
    }
}
