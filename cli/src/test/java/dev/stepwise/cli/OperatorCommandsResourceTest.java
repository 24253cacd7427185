package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.operator.RolloutResource;
import dev.stepwise.rollout.Command;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stepwise pause|resume|promote|abort|retry --resource}: the command as the annotation on the
 * {@code Rollout} resource, on the fabric8 mock API server in CRUD mode with the real CRD from
 * {@code deploy/crd.yaml} registered, reached through a kubeconfig file as an operator's CLI would.
 */
@EnableKubernetesMockClient(crud = true)
@DisplayName("stepwise pause|resume|promote|abort|retry --resource: the command annotation on the Rollout resource")
class OperatorCommandsResourceTest {

    /** The controller's CRD, relative to the cli module's directory (where Maven runs the tests). */
    static final Path CRD = Path.of("..", "deploy", "crd.yaml");

    KubernetesClient client;
    KubernetesMockServer server;
    @TempDir
    Path dir;
    Path kubeconfig;

    @BeforeEach
    void kubeconfig() throws Exception {
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
    }

    /** Registers the CRD and applies the Rollout test/podinfo; returns it as stored. */
    GenericKubernetesResource applyRollout() {
        if (!Files.isRegularFile(CRD)) {
            throw new IllegalStateException("the Rollout CRD is missing: expected " + CRD.toAbsolutePath().normalize()
                    + " (deploy/crd.yaml, read relative to the cli module's directory)");
        }
        var crds = client.apiextensions().v1().customResourceDefinitions();
        CustomResourceDefinition crd = crds.load(CRD.toFile()).item();
        crds.resource(crd).create();
        return client.genericKubernetesResources(RolloutResource.DEFINITION).inNamespace("test").resource(new GenericKubernetesResourceBuilder().withApiVersion(RolloutResource.API_VERSION)
                .withKind(RolloutResource.KIND).withNewMetadata().withName("podinfo").withNamespace("test").endMetadata()
                .addToAdditionalProperties("spec", Map.of("targetRef", Map.of("kind", "Deployment", "name", "podinfo")))
                .build()).create();
    }

    Resource<GenericKubernetesResource> rollouts() {
        return client.genericKubernetesResources(RolloutResource.DEFINITION).inNamespace("test").withName("podinfo");
    }

    GenericKubernetesResource stored() {
        return rollouts().get();
    }

    static Map<String, String> annotations(GenericKubernetesResource resource) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    CliRun cli(String... args) {
        Object[] all = new Object[args.length + 5];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--resource";
        all[args.length + 1] = "--kubeconfig";
        all[args.length + 2] = kubeconfig;
        all[args.length + 3] = "--context";
        all[args.length + 4] = "mock";
        return CliRun.of(all);
    }

    @Test
    @DisplayName("promote sets stepwise.dev/command=promote on the Rollout, with the resourceVersion read, and leaves its spec alone")
    void annotationSet() {
        GenericKubernetesResource before = applyRollout();

        CliRun run = cli("promote", "podinfo", "-n", "test");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("promote sent to rollout test/podinfo; the controller takes it at its next look\n");
        assertThat(run.err()).isEmpty();
        GenericKubernetesResource after = stored();
        assertThat(annotations(after)).containsEntry(RolloutResource.COMMAND_ANNOTATION, "promote");
        assertThat(after.getMetadata().getResourceVersion()).isNotEqualTo(before.getMetadata().getResourceVersion());
        assertThat((Object) after.get("spec")).isEqualTo(before.get("spec"));
    }

    @Test
    @DisplayName("every command writes its own lowercase name: pause, resume, abort, retry")
    void everyCommand() {
        applyRollout();
        for (String command : new String[] {"pause", "resume", "abort", "retry"}) {
            assertThat(cli(command, "podinfo", "-n", "test").exit()).isZero();
            assertThat(annotations(stored())).containsEntry(RolloutResource.COMMAND_ANNOTATION, command);
            rollouts().edit(r -> { // the controller takes it
                r.getMetadata().getAnnotations().remove(RolloutResource.COMMAND_ANNOTATION);
                return r;
            });
        }
    }

    @Test
    @DisplayName("while a pause still waits for the controller, promote is refused and nothing changes; once taken, it goes")
    void refusedWhileOneWaits() {
        applyRollout();
        assertThat(cli("pause", "podinfo", "-n", "test").exit()).isZero();
        GenericKubernetesResource waiting = stored();

        CliRun run = cli("promote", "podinfo", "-n", "test");

        assertThat(run.exit()).isEqualTo(StepwiseCli.INVALID_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("promote test/podinfo: a `pause` is still waiting for the controller to take it;"
                + " nothing was changed; try again once it is gone (kubectl get rollout podinfo -n test"
                + " -o jsonpath='{.metadata.annotations.stepwise\\.dev/command}')\n");
        assertThat(stored()).isEqualTo(waiting);

        rollouts().edit(r -> {
            r.getMetadata().getAnnotations().remove(RolloutResource.COMMAND_ANNOTATION);
            return r;
        });
        assertThat(cli("promote", "podinfo", "-n", "test").exit()).isZero();
        assertThat(annotations(stored())).containsEntry(RolloutResource.COMMAND_ANNOTATION, "promote");
    }

    @Test
    @DisplayName("a write between the read and the update makes the API server answer 409: the Rollout is read again and the command sent, the other write kept")
    void conflictRetried() {
        applyRollout();
        AtomicInteger writes = new AtomicInteger();
        CommandAnnotation annotation = new CommandAnnotation(client, () -> {
            if (writes.getAndIncrement() == 0) {
                rollouts().edit(r -> {
                    r.getMetadata().setLabels(Map.of("team", "checkout"));
                    return r;
                });
            }
        });

        CommandAnnotation.Outcome outcome = annotation.send("test", "podinfo", Command.ABORT);

        assertThat(outcome).isEqualTo(new CommandAnnotation.Outcome.Sent(2));
        assertThat(annotations(stored())).containsEntry(RolloutResource.COMMAND_ANNOTATION, "abort");
        assertThat(stored().getMetadata().getLabels()).containsEntry("team", "checkout");
    }

    @Test
    @DisplayName("a Rollout that changes before every update gives up after 5 attempts, sending nothing")
    void keptChanging() {
        applyRollout();
        AtomicInteger writes = new AtomicInteger();
        CommandAnnotation annotation = new CommandAnnotation(client, () -> rollouts().edit(r -> {
            r.getMetadata().setLabels(Map.of("write", String.valueOf(writes.incrementAndGet())));
            return r;
        }));

        assertThat(annotation.send("test", "podinfo", Command.PAUSE)).isEqualTo(new CommandAnnotation.Outcome.KeptChanging());
        assertThat(writes).hasValue(CommandAnnotation.ATTEMPTS);
        assertThat(annotations(stored())).doesNotContainKey(RolloutResource.COMMAND_ANNOTATION);
    }

    @Test
    @DisplayName("an unknown Rollout: the message names it, its namespace and the cluster, and that the controller's CRD must be installed")
    void unknownRollout() {
        applyRollout();

        CliRun run = cli("promote", "checkout", "-n", "test");

        assertThat(run.exit()).isEqualTo(StepwiseCli.INVALID_INPUT);
        assertThat(run.err()).startsWith("promote test/checkout: no Rollout resource checkout in namespace test of context mock (")
                .contains("kubectl get rollouts.stepwise.dev -n test", "the controller's CRD rollouts.stepwise.dev must be installed",
                        "leave out --resource");
        assertThat(annotations(stored())).doesNotContainKey(RolloutResource.COMMAND_ANNOTATION);
    }

    @Test
    @DisplayName("a cluster without the CRD: the message says the API group answered 404 and the CRD is not installed")
    void crdMissing() {
        CliRun run = cli("pause", "podinfo", "-n", "test");

        assertThat(run.exit()).isEqualTo(StepwiseCli.INVALID_INPUT);
        assertThat(run.err()).startsWith("pause test/podinfo: the cluster (context mock (")
                .contains("does not serve rollouts in stepwise.dev/v1alpha1 (the API group stepwise.dev answered 404)",
                        "CRD rollouts.stepwise.dev is not installed (deploy/crd.yaml)");
    }

    @Test
    @DisplayName("forbidden (403): the message names the verb the user lacks; exit status 3")
    void forbidden() {
        applyRollout();
        server.expect().get().withPath("/apis/stepwise.dev/v1alpha1/namespaces/test/rollouts/podinfo")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                        .withMessage("rollouts.stepwise.dev \"podinfo\" is forbidden").build()).once();

        CliRun run = cli("resume", "podinfo", "-n", "test");

        assertThat(run.exit()).isEqualTo(StepwiseCli.STORE_UNREACHABLE);
        assertThat(run.err()).startsWith("resume test/podinfo: forbidden: the kubeconfig's user may not `get` rollouts.stepwise.dev"
                + " in namespace test (context mock (").contains("needs the verbs get and update on resource rollouts of API group stepwise.dev");
    }

    @Test
    @DisplayName("--resource with a state store option is a command-line error; --help tells of --resource")
    void commandLine() {
        CliRun run = CliRun.of("abort", "podinfo", "--resource", "--git", "file:///tmp/none");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--resource sends the command to the Rollout resource, not to a state store");
        assertThat(CliRun.of("abort", "podinfo", "--resource", "--state-namespace", "x").exit()).isEqualTo(2);

        assertThat(CliRun.of("promote", "--help").out()).contains("--resource", RolloutResource.COMMAND_ANNOTATION);
    }
}
