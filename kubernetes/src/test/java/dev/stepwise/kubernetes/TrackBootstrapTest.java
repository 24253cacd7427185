package dev.stepwise.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.spec.ServiceSpec;
import dev.stepwise.traffic.Track;
import dev.stepwise.validation.InvalidValueException;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
@DisplayName("TrackBootstrap on a CRUD mock API server")
class TrackBootstrapTest {

    static final String SERVICES = "/api/v1/namespaces/test/services";
    static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/test/deployments";

    KubernetesClient client;
    KubernetesMockServer server;
    RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void target() {
        client.apps().deployments().inNamespace("test").resource(new DeploymentBuilder()
                .withNewMetadata().withName("podinfo").withNamespace("test").addToLabels("app", "podinfo")
                .addToLabels("app.kubernetes.io/managed-by", "Helm").endMetadata()
                .withNewSpec().withReplicas(3).withMinReadySeconds(5)
                .withNewSelector().addToMatchLabels("app", "podinfo").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "podinfo").addToLabels("team", "web")
                .endMetadata().withNewSpec().addNewContainer().withName("podinfo")
                .withImage("ghcr.io/stefanprodan/podinfo:6.6.0").addNewPort().withName("http")
                .withContainerPort(9898).endPort().endContainer().endSpec().endTemplate().endSpec().build()).create();
    }

    TrackBootstrapBuilder bootstrap() {
        return TrackBootstrap.builder(client, "test", "podinfo").port(9898).sleeper(sleeper);
    }

    Deployment deployment(String name) {
        return client.apps().deployments().inNamespace("test").withName(name).get();
    }

    Service service(String name) {
        return client.services().inNamespace("test").withName(name).get();
    }

    static ResourceRef serviceRef(String name) {
        return new ResourceRef("v1", "Service", "test", name);
    }

    static ResourceRef deploymentRef(String name) {
        return new ResourceRef("apps/v1", "Deployment", "test", name);
    }

    static boolean selects(Map<String, String> selector, Deployment d) {
        return d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet());
    }

    @Test
    @DisplayName("creates the primary Deployment from the target: its template, a selector of its own, version stable, the target's replicas")
    void createsPrimary() {
        BootstrapRecord record = bootstrap().build().ensure();

        Deployment primary = deployment("podinfo-primary");
        assertThat(primary.getSpec().getSelector().getMatchLabels()).containsExactly(Map.entry("app", "podinfo-primary"));
        assertThat(primary.getSpec().getTemplate().getMetadata().getLabels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("app", "podinfo-primary", "team", "web", "version", "stable"));
        assertThat(primary.getSpec().getTemplate().getSpec()).isEqualTo(deployment("podinfo").getSpec().getTemplate().getSpec());
        assertThat(primary.getSpec().getReplicas()).isEqualTo(3);
        assertThat(primary.getSpec().getMinReadySeconds()).isEqualTo(5);
        assertThat(primary.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "stepwise")
                .containsEntry("app", "podinfo-primary");
        assertThat(primary.getMetadata().getAnnotations()).containsEntry("stepwise.dev/bootstrapped-from", "podinfo");
        assertThat(primary.getMetadata().getOwnerReferences()).as("no owner: see TrackBootstrap's javadoc").isNullOrEmpty();
        assertThat(selects(Map.of("app", "podinfo"), primary)).as("the target's selector must not take the primary's pods").isFalse();
        assertThat(record.created()).containsExactly(deploymentRef("podinfo-primary"), serviceRef("podinfo"),
                serviceRef("podinfo-primary"), serviceRef("podinfo-canary"));
    }

    @Test
    @DisplayName("creates the apex and track Services, each selecting its track's pods and no other's, with the port")
    void createsServices() {
        TrackBootstrap.builder(client, "test", "podinfo").service(new ServiceSpec("podinfo", 80,
                new ServiceSpec.TargetPort.Named("http"), "web", List.of(), List.of(), "default", List.of(),
                ServiceSpec.flaggerServices("podinfo"))).build().ensure();

        Deployment primary = deployment("podinfo-primary");
        Deployment canary = deployment("podinfo");
        Map<String, Deployment> tracks = Map.of("podinfo", primary, "podinfo-primary", primary, "podinfo-canary", canary);
        tracks.forEach((name, pods) -> {
            Service s = service(name);
            assertThat(s.getSpec().getType()).isEqualTo("ClusterIP");
            assertThat(selects(s.getSpec().getSelector(), pods)).as(name + " selects its pods").isTrue();
            assertThat(selects(s.getSpec().getSelector(), pods == primary ? canary : primary))
                    .as(name + " selects no other track's pods").isFalse();
            ServicePort port = s.getSpec().getPorts().get(0);
            assertThat(List.of(port.getName(), port.getPort(), port.getTargetPort(), port.getProtocol()))
                    .containsExactly("web", 80, new IntOrString("http"), "TCP");
            assertThat(s.getMetadata().getLabels()).containsExactly(Map.entry("app.kubernetes.io/managed-by", "stepwise"));
        });
        assertThat(service("podinfo-canary").getSpec().getSelector()).containsExactly(Map.entry("app", "podinfo"));
    }

    @Test
    @DisplayName("is idempotent: a second call only reads, and finds everything")
    void idempotent() {
        TrackBootstrap bootstrap = bootstrap().build();
        bootstrap.ensure();
        RecordedRequests.drain(server);

        BootstrapRecord again = bootstrap.ensure();

        assertThat(RecordedRequests.lines(server)).isNotEmpty().allMatch(line -> line.startsWith("GET"));
        assertThat(again.createdAny()).isFalse();
        assertThat(again.found()).hasSize(4);
        assertThat(again).hasToString("BootstrapRecord[Deployment podinfo-primary found, Service podinfo found,"
                + " Service podinfo-primary found, Service podinfo-canary found]");
    }

    @Test
    @DisplayName("in REQUIRE mode creates nothing and lists exactly what to create, with selector and port")
    void requireListsWhatIsMissing() {
        client.services().inNamespace("test").resource(new TrackBootstrapTestServices().service("podinfo",
                Map.of("app", "podinfo-primary"), 9898)).create();
        RecordedRequests.drain(server);

        assertThatThrownBy(() -> bootstrap().mode(BootstrapMode.REQUIRE).build().ensure())
                .isInstanceOfSatisfying(TrackBootstrapException.class, e -> assertThat(e.problems()).containsExactly(
                        "create Deployment test/podinfo-primary: a copy of Deployment test/podinfo (apps/v1) with"
                                + " spec.selector.matchLabels {app=podinfo-primary}, pod labels {app=podinfo-primary}"
                                + " and version=stable, 3 replicas",
                        "create Service test/podinfo-primary: type ClusterIP, selector {app=podinfo-primary}, port"
                                + " {name: http, port: 9898, targetPort: 9898}",
                        "create Service test/podinfo-canary: type ClusterIP, selector {app=podinfo}, port"
                                + " {name: http, port: 9898, targetPort: 9898}"))
                .hasMessageStartingWith("cannot set up the tracks of Deployment test/podinfo:\n  - create Deployment");
        assertThat(RecordedRequests.lines(server)).allMatch(line -> line.startsWith("GET"));
    }

    @Test
    @DisplayName("refuses an existing Service that selects the wrong pods or lacks the port, naming the field, and creates nothing")
    void refusesMismatchedServices() {
        TrackBootstrapTestServices services = new TrackBootstrapTestServices();
        client.services().inNamespace("test").resource(services.service("podinfo-canary",
                Map.of("team", "web"), 9898)).create();
        client.services().inNamespace("test").resource(services.service("podinfo-primary",
                Map.of("app", "podinfo-primary"), 8080)).create();

        assertThatThrownBy(() -> bootstrap().build().ensure())
                .isInstanceOfSatisfying(TrackBootstrapException.class, e -> assertThat(e.problems()).containsExactly(
                        "Service test/podinfo-primary (v1): spec.ports has no port 9898; it should have"
                                + " {name: http, port: 9898, targetPort: 9898}",
                        "Service test/podinfo-canary (v1): spec.selector {team=web} also selects the pods of the"
                                + " stable track; it should be {app=podinfo}"));
        assertThat(deployment("podinfo-primary")).as("nothing created").isNull();
        assertThat(service("podinfo")).isNull();
    }

    @Test
    @DisplayName("refuses an existing Service whose port forwards to another target port")
    void refusesTargetPort() {
        Service canary = new TrackBootstrapTestServices().service("podinfo-canary", Map.of("app", "podinfo"), 9898);
        canary.getSpec().getPorts().get(0).setTargetPort(new IntOrString(8080));
        client.services().inNamespace("test").resource(canary).create();

        assertThatThrownBy(() -> bootstrap().build().ensure()).isInstanceOf(TrackBootstrapException.class)
                .hasMessageEndingWith("Service test/podinfo-canary (v1): spec.ports[0].targetPort is 8080; it should be 9898");
    }

    @Test
    @DisplayName("refuses an existing primary Deployment whose pods lack the stable version label, or that selects the target's pods")
    void refusesMismatchedPrimary() {
        client.apps().deployments().inNamespace("test").resource(new DeploymentBuilder(deployment("podinfo"))
                .editMetadata().withName("podinfo-primary").withResourceVersion(null).withUid(null).endMetadata()
                .build()).create();

        assertThatThrownBy(() -> bootstrap().build().ensure())
                .isInstanceOfSatisfying(TrackBootstrapException.class, e -> assertThat(e.problems()).startsWith(
                        "Deployment test/podinfo-primary (apps/v1): spec.selector.matchLabels {app=podinfo} also"
                                + " selects the pods of the target podinfo; it should be {app=podinfo-primary}",
                        "Deployment test/podinfo-primary (apps/v1): spec.template.metadata.labels.version is not set;"
                                + " it should be \"stable\""));
    }

    @Test
    @DisplayName("creates the baseline Deployment (0 replicas) and Service only when the rollout has a baseline")
    void baselineOnlyWhenAsked() {
        bootstrap().build().ensure();
        assertThat(deployment("podinfo-baseline")).isNull();
        assertThat(service("podinfo-baseline")).isNull();

        BootstrapRecord record = bootstrap().baseline(true).build().ensure();

        assertThat(record.created()).containsExactly(deploymentRef("podinfo-baseline"), serviceRef("podinfo-baseline"));
        Deployment baseline = deployment("podinfo-baseline");
        assertThat(baseline.getSpec().getReplicas()).isZero();
        assertThat(baseline.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("app", "podinfo-baseline").containsEntry("version", "baseline");
        assertThat(service("podinfo-baseline").getSpec().getSelector()).containsExactly(Map.entry("app", "podinfo-baseline"));
        assertThat(selects(service("podinfo-baseline").getSpec().getSelector(), baseline)).isTrue();
    }

    @Test
    @DisplayName("the created primary works with DeploymentWorkload: scaled by percent, and promoted keeping its selector and version")
    void primaryWorksWithTheWorkload() {
        bootstrap().build().ensure();
        DeploymentWorkload workload = DeploymentWorkload.builder(client, "test", "podinfo").sleeper(sleeper).build();
        client.apps().deployments().inNamespace("test").withName("podinfo").edit(d -> new DeploymentBuilder(d)
                .editSpec().editTemplate().editSpec().editFirstContainer().withImage("ghcr.io/stefanprodan/podinfo:6.7.0")
                .endContainer().endSpec().endTemplate().endSpec().build());

        workload.scale(Track.CANARY, 34);
        workload.promote(workload.canaryRevision());

        assertThat(deployment("podinfo").getSpec().getReplicas()).isEqualTo(2);
        Deployment primary = deployment("podinfo-primary");
        assertThat(primary.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("ghcr.io/stefanprodan/podinfo:6.7.0");
        assertThat(primary.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("app", "podinfo-primary").containsEntry("version", "stable");
        assertThat(selects(service("podinfo-primary").getSpec().getSelector(), primary)).isTrue();
    }

    @Test
    @DisplayName("refuses a missing target Deployment, naming it")
    void missingTarget() {
        assertThatThrownBy(() -> TrackBootstrap.builder(client, "test", "missing").port(9898).build().ensure())
                .isInstanceOf(TrackBootstrapException.class).hasMessage("cannot set up the tracks of Deployment"
                        + " test/missing:\n  - the target Deployment test/missing (apps/v1) does not exist; create it"
                        + " first: it runs the canary track");
    }

    @Test
    @DisplayName("on 409 (created meanwhile) reads the Service and checks it instead of failing")
    void conflictOnCreateIsChecked() {
        client.services().inNamespace("test").resource(new TrackBootstrapTestServices().service("podinfo-canary",
                Map.of("app", "podinfo"), 9898)).create();
        server.expect().get().withPath(SERVICES + "/podinfo-canary").andReturn(404, new StatusBuilder().withCode(404)
                .withReason("NotFound").build()).once();

        BootstrapRecord record = bootstrap().build().ensure();

        assertThat(record.entries()).last().isEqualTo(new BootstrapRecord.Entry(serviceRef("podinfo-canary"),
                BootstrapRecord.Outcome.FOUND));
    }

    @Test
    @DisplayName("on 409 with a Service that does not fit, fails naming the field")
    void conflictWithMisfit() {
        client.services().inNamespace("test").resource(new TrackBootstrapTestServices().service("podinfo-canary",
                Map.of("app", "other"), 9898)).create();
        server.expect().get().withPath(SERVICES + "/podinfo-canary").andReturn(404, new StatusBuilder().withCode(404)
                .withReason("NotFound").build()).once();

        assertThatThrownBy(() -> bootstrap().build().ensure()).isInstanceOf(TrackBootstrapException.class)
                .hasMessageContaining("(another writer created podinfo-canary meanwhile)")
                .hasMessageContaining("spec.selector {app=other} does not select the track's pods");
    }

    @Test
    @DisplayName("retries a transient failure on create, waiting the module's backoff")
    void retriesTransientFailures() {
        server.expect().post().withPath(DEPLOYMENTS).andReturn(503, new StatusBuilder().withCode(503).build()).once();

        bootstrap().build().ensure();

        assertThat(deployment("podinfo-primary")).isNotNull();
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(200));
    }

    @Test
    @DisplayName("refuses a target whose selector has none of the labels the tracks are told apart by")
    void noSelectorLabel() {
        assertThatThrownBy(() -> bootstrap().selectorLabel("tier").build().ensure())
                .hasMessageEndingWith("Deployment test/podinfo (apps/v1): spec.selector.matchLabels {app=podinfo} has"
                        + " no label tier; the track Deployments and Services are told apart by it");
    }

    @Test
    @DisplayName("refuses bad builder values, naming the field")
    void builderValidates() {
        assertThatThrownBy(() -> TrackBootstrap.builder(client, "test", "podinfo").build())
                .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("port: 0 is required");
        assertThatThrownBy(() -> bootstrap().trackService(Track.CANARY, "podinfo").build())
                .hasMessageStartingWith("trackServices.canary: podinfo must differ from apexService");
        assertThatThrownBy(() -> bootstrap().targetPort("Not_A_Port"))
                .hasMessageStartingWith("targetPort: \"Not_A_Port\" must be a port number");
    }
}
