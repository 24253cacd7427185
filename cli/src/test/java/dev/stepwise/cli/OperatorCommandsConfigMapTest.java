package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stepwise.kubernetes.ConfigMapStateStore;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.HeldConflict;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.StoredRollout;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator commands against the ConfigMap state store on the fabric8 mock API server (CRUD
 * mode), reached through a kubeconfig file as an operator's CLI would, while a real engine drives
 * the rollout on virtual time through its own client.
 */
@EnableKubernetesMockClient(crud = true)
@DisplayName("stepwise status|pause|resume|promote|abort|retry on the ConfigMap state store")
class OperatorCommandsConfigMapTest {

    static final String STATE_NAMESPACE = "stepwise-system";

    KubernetesClient client;
    @TempDir
    Path dir;
    Path kubeconfig;
    DrivenRollout rollout;

    @BeforeEach
    void start() throws Exception {
        kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster: {server: "%s", insecure-skip-tls-verify: true}
                users:
                  - name: operator
                    user: {token: not-a-secret}
                contexts:
                  - name: mock
                    context: {cluster: mock, user: operator}
                current-context: mock
                """.formatted(client.getMasterUrl()));
        rollout = new DrivenRollout(ConfigMapStateStore.of(client, STATE_NAMESPACE));
    }

    @AfterEach
    void stop() {
        rollout.close();
    }

    private CliRun cli(Object... args) {
        Object[] all = new Object[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--kubeconfig";
        all[args.length + 1] = kubeconfig;
        all[args.length + 2] = "--context";
        all[args.length + 3] = "mock";
        return CliRun.with(Terminal.script(), rollout.pace(), all);
    }

    @Test
    @DisplayName("status shows what a real engine stored: phase, split, step, last decision, verdicts and the next look")
    void status() {
        rollout.advance(Duration.ofMinutes(2));

        CliRun run = cli("status", "podinfo", "-n", "test");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("test/podinfo", "Phase      Progressing", "Revision   v2",
                "Split      stable 80% / canary 20%", "Step       1", "Last step  advance",
                "request-success-rate Pass (99.9)", "Commands   none pending", "Held       no", "Next look  ",
                "ConfigMaps in namespace stepwise-system of context mock");
        assertThat(run.err()).isEmpty();
    }

    @Test
    @DisplayName("promote is stored in the rollout's ConfigMap, then taken by the engine: a canary waiting for data moves on")
    void promote() {
        rollout.successRate.set(new MetricResult.NoData("no requests yet"));
        rollout.advance(Duration.ofMinutes(3));
        StoredRollout before = rollout.stored();
        assertThat(before.state().split().canary()).isEqualTo(10);

        CliRun run = cli("promote", "podinfo", "-n", "test");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("promote stored for test/podinfo (Progressing, stable 90% / canary 10%);"
                + " the engine takes it at its next look");
        assertThat(rollout.stored().commands()).containsExactly(Command.PROMOTE);

        rollout.advance(DrivenRollout.INTERVAL);

        StoredRollout after = rollout.stored();
        assertThat(after.commands()).isEmpty();
        assertThat(after.state().split().canary()).isEqualTo(20);
    }

    @Test
    @DisplayName("pause holds the rollout at its split; resume lets it go on to the end")
    void pauseAndResume() {
        rollout.advance(Duration.ofMinutes(1));
        assertThat(cli("pause", "podinfo", "-n", "test").exit()).isZero();
        rollout.advance(Duration.ofMinutes(5));
        assertThat(rollout.stored().state().phase()).isEqualTo(Phase.PAUSED);
        assertThat(cli("status", "podinfo", "-n", "test").out()).contains("Phase      Paused (from Progressing)");

        assertThat(cli("resume", "podinfo", "-n", "test").exit()).isZero();
        rollout.advance(Duration.ofMinutes(10));

        assertThat(rollout.stored().state().phase()).isEqualTo(Phase.SUCCEEDED);
    }

    @Test
    @DisplayName("retry of a rollout held by a conflicting change is refused, saying to resume or abort; nothing is stored")
    void retryHeld() {
        rollout.advance(Duration.ofMinutes(1));
        ConfigMapStateStore store = ConfigMapStateStore.of(client, STATE_NAMESPACE);
        StoredRollout rec = rollout.stored();
        store.save(rec.withConflict(new HeldConflict("apps/podinfo/virtualservice.yaml", "edited by hand",
                DrivenRollout.T0)), rec.version());

        CliRun run = cli("retry", "podinfo", "-n", "test");

        assertThat(run.exit()).isEqualTo(StepwiseCli.INVALID_INPUT);
        assertThat(run.err()).contains("retry test/podinfo: refused, the rollout is held by a conflicting change to "
                + "apps/podinfo/virtualservice.yaml", "stepwise resume podinfo -n test", "stepwise abort");
        assertThat(rollout.stored().commands()).isEmpty();
        assertThat(cli("status", "podinfo", "-n", "test").out())
                .contains("Held       by a conflicting change to apps/podinfo/virtualservice.yaml");
    }

    @Test
    @DisplayName("an unknown rollout: a message naming the store and the rollouts it holds, exit status 1")
    void unknown() {
        rollout.advance(Duration.ofSeconds(1));
        for (String command : List.of("status", "promote", "abort")) {
            CliRun run = cli(command, "podinfo");

            assertThat(run.exit()).isEqualTo(StepwiseCli.INVALID_INPUT);
            assertThat(run.err()).contains("no rollout default/podinfo in ConfigMaps in namespace stepwise-system",
                    "it holds test/podinfo (check NAME and -n NAMESPACE)");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    @DisplayName("status --output json is one parsable object per line")
    void json() throws Exception {
        rollout.advance(Duration.ofMinutes(2));

        CliRun run = cli("status", "podinfo", "-n", "test", "--output", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("rollout").asText()).isEqualTo("test/podinfo");
        assertThat(json.get("phase").asText()).isEqualTo("Progressing");
        assertThat(json.get("split").get("canary").asInt()).isEqualTo(20);
        assertThat(json.get("lastStep").get("decision").asText()).isEqualTo("advance");
        assertThat(json.get("verdicts").get(0).get("status").asText()).isEqualTo("Pass");
        assertThat(json.get("nextLook").get("dueAt").asText()).isNotBlank();
        assertThat(json.get("held").isNull()).isTrue();
        assertThat(json.get("ended").asBoolean()).isFalse();
    }

    @Test
    @Timeout(60)
    @DisplayName("status --watch prints each change of the rollout and stops when it ends")
    void watch() throws Exception {
        rollout.advance(Duration.ofSeconds(1));

        CliRun run = cli("status", "podinfo", "-n", "test", "--watch", "--interval", "30s", "-o", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> shown = run.out().lines().map(line -> {
            try {
                return new ObjectMapper().readTree(line);
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        }).toList();
        assertThat(shown).extracting(node -> node.get("split").get("canary").asInt()).containsSubsequence(10, 20, 30, 0);
        assertThat(shown.get(shown.size() - 1).get("phase").asText()).isEqualTo("Succeeded");
        assertThat(shown).extracting(node -> node.get("version").asLong()).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("an unreachable API server: a message naming the store, exit status 3")
    void unreachable() throws Exception {
        Path nowhere = Files.writeString(dir.resolve("nowhere"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: gone, cluster: {server: "https://127.0.0.1:1"}}]
                users: [{name: operator, user: {token: not-a-secret}}]
                contexts: [{name: gone, context: {cluster: gone, user: operator}}]
                current-context: gone
                """);

        CliRun run = CliRun.of("promote", "podinfo", "-n", "test", "--kubeconfig", nowhere);

        assertThat(run.exit()).isEqualTo(StepwiseCli.STORE_UNREACHABLE);
        assertThat(run.err()).startsWith("promote test/podinfo: cannot reach the state store (ConfigMaps in namespace "
                + "stepwise-system of the current context (https://127.0.0.1:1/)):");
    }
}
