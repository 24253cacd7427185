package dev.stepwise.mesh.istio;

import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.launch.Launch;
import dev.stepwise.launch.LaunchEnvironment;
import dev.stepwise.launch.RolloutLauncher;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.WebhookClient;
import dev.stepwise.tck.kubernetes.MockCluster;
import dev.stepwise.testkit.SimulatedMetricSource;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.VirtualScheduler;
import dev.stepwise.kubernetes.ConfigMapStateStore;
import dev.stepwise.traffic.TrafficSplit;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A spec file alone becomes a running rollout: {@code examples/specs/canary.yaml} launched by
 * {@link RolloutLauncher} with the installed providers (Istio from this module, cluster delivery
 * and Deployments from the Kubernetes module) on fabric8's mock API server, on virtual time, with
 * simulated metrics measured at the split the API server holds (given through the environment, in
 * place of the spec's Prometheus).
 */
@DisplayName("From a spec file to a finished rollout on the mock API server")
class SpecLaunchEndToEndTest {

    static final Path CANARY = Path.of("..", "examples", "specs", "canary.yaml");
    static final String OLD_IMAGE = "ghcr.io/stefanprodan/podinfo:6.6.0";
    static final String NEW_IMAGE = "ghcr.io/stefanprodan/podinfo:6.7.0";

    MockCluster cluster;
    final VirtualScheduler scheduler = VirtualScheduler.startingAt(Instant.parse("2026-03-01T12:00:00Z"));

    @BeforeEach
    void startCluster() {
        cluster = MockCluster.start("istio/destinationrules.networking.istio.io.yaml",
                "istio/virtualservices.networking.istio.io.yaml");
        cluster.deploy("test", "podinfo-primary", 4, "stable", OLD_IMAGE);
        cluster.deploy("test", "podinfo", 1, "canary", NEW_IMAGE);
        // Istio routes to subsets of the apex Service podinfo, which the launch creates selecting this shared label
        for (String name : new String[] {"podinfo-primary", "podinfo"}) {
            cluster.client().apps().deployments().inNamespace("test").withName(name).edit(d -> {
                d.getSpec().getTemplate().getMetadata().getLabels().put("app.kubernetes.io/name", "podinfo");
                return d;
            });
        }
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    @DisplayName("canary.yaml runs to Succeeded: the new image promoted, the route back to stable, the state in a ConfigMap")
    void canaryToSucceeded() throws IOException {
        AtomicReference<MeshTrafficRouter> router = new AtomicReference<>();
        LaunchEnvironment environment = LaunchEnvironment.builder()
                .with(KubernetesClient.class, cluster.client())
                .clock(scheduler.clock())
                .metrics(SimulatedMetricSource.of(SimulatedService.ofDefaults(), () -> router.get().current()))
                // The spec's load tester is not there: gates and hooks pass, nobody asks for a rollback.
                .webhooks((webhook, context) -> webhook.type() == HookType.ROLLBACK
                        ? WebhookClient.Outcome.failure("no rollback requested") : WebhookClient.Outcome.success())
                .build();

        try (Launch launch = RolloutLauncher.ofInstalled().launch(RolloutSpec.read(CANARY), environment)) {
            router.set((MeshTrafficRouter) launch.definition().router());
            assertThat(router.get().renderer()).isInstanceOf(IstioMeshRenderer.class);
            assertThat(launch.store()).isInstanceOf(ConfigMapStateStore.class);
            assertThat(cluster.client().services().inNamespace("test").withName("podinfo").get().getSpec().getSelector())
                    .as("the apex Service the launch created selects every track's pods")
                    .containsExactly(java.util.Map.entry("app.kubernetes.io/name", "podinfo"));
            assertThat(cluster.client().services().inNamespace("test").withName("podinfo-canary").get()).isNotNull();

            StoredRollout end = run(launch);

            assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
            assertThat(cluster.image("test", "podinfo-primary")).isEqualTo(NEW_IMAGE);
            assertThat(cluster.replicas("test", "podinfo")).isZero();
            assertThat(router.get().current()).isEqualTo(TrafficSplit.allStable());
            assertThat(launch.store().load(launch.id())).hasValueSatisfying(
                    stored -> assertThat(stored.state().phase()).isEqualTo(Phase.SUCCEEDED));
        }
    }

    private StoredRollout run(Launch launch) {
        RolloutEngine engine = RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler)
                .stateStore(launch.store()).build();
        try (engine) {
            String id = engine.register(launch.definition());
            for (int second = 0; second < 7200; second++) {
                cluster.settleDeployments("test");
                StoredRollout rec = engine.status(id).orElse(null);
                if (rec != null && rec.state().phase().isTerminal() && rec.isCommitted()) {
                    return rec;
                }
                scheduler.advance(Duration.ofSeconds(1));
            }
            throw new AssertionError("the rollout did not end within two hours of virtual time: " + engine.status(id));
        }
    }
}
