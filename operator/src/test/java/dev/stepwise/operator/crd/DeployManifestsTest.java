package dev.stepwise.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.operator.RolloutResource;
import dev.stepwise.operator.RolloutStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The manifests in deploy/")
class DeployManifestsTest {

    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /**
     * What the controller may do and which class needs it. The controller's own calls (informers,
     * status, finalizer, command annotation) are attributed to {@link RolloutResource}, which names
     * the resource they act on.
     */
    record Grant(String group, String resource, List<String> verbs, String needer) {
    }

    static final List<Grant> GRANTS = List.of(
            new Grant("stepwise.dev", "rollouts", List.of("get", "list", "watch", "update", "patch"),
                    "dev.stepwise.operator.RolloutResource"),
            new Grant("stepwise.dev", "rollouts/status", List.of("get", "update", "patch"),
                    "dev.stepwise.operator.RolloutResource"),
            new Grant("stepwise.dev", "rollouts/finalizers", List.of("update"), "dev.stepwise.operator.RolloutResource"),
            new Grant("apps", "deployments", List.of("list", "watch"), "dev.stepwise.operator.RolloutResource"),
            new Grant("apps", "deployments", List.of("get", "update"), "dev.stepwise.kubernetes.DeploymentWorkload"),
            new Grant("apps", "deployments", List.of("create"), "dev.stepwise.kubernetes.TrackBootstrap"),
            new Grant("", "services", List.of("get", "create"), "dev.stepwise.kubernetes.TrackBootstrap"),
            new Grant("", "configmaps", List.of("get", "list", "create", "update", "delete"),
                    "dev.stepwise.kubernetes.ConfigMapStateStore"),
            new Grant("", "events", List.of("create", "patch"), "dev.stepwise.kubernetes.KubernetesEvents"),
            new Grant("", "secrets", List.of("get"), "dev.stepwise.kubernetes.KubernetesSecretKeyProvider"),
            new Grant("networking.istio.io", "virtualservices", List.of("get", "create", "update", "patch"),
                    "dev.stepwise.mesh.istio.IstioMeshRenderer"),
            new Grant("networking.istio.io", "destinationrules", List.of("get", "create", "update", "patch"),
                    "dev.stepwise.mesh.istio.IstioMeshRenderer"),
            new Grant("kuma.io", "meshhttproutes", List.of("get", "create", "update", "patch"),
                    "dev.stepwise.mesh.kuma.KumaMeshRenderer"),
            new Grant("kuma.io", "trafficroutes", List.of("get", "create", "update", "patch"),
                    "dev.stepwise.mesh.kuma.KumaMeshRenderer"),
            new Grant("gateway.networking.k8s.io", "httproutes", List.of("get", "create", "update", "patch"),
                    "dev.stepwise.mesh.gatewayapi.GatewayApiMeshRenderer"),
            new Grant("coordination.k8s.io", "leases", List.of("get", "create", "update"),
                    "dev.stepwise.kubernetes.LeaseLeadership"));

    /** The route writes all go through the sink; each mesh rule names it as well as its renderer. */
    private static final String ROUTE_WRITER = "dev.stepwise.kubernetes.KubernetesManifestSink";

    static List<HasMetadata> resources(String file) throws IOException {
        Object parsed = SERIALIZATION.unmarshal(Files.newInputStream(DEPLOY.resolve(file)));
        List<HasMetadata> resources = new ArrayList<>();
        if (parsed instanceof List<?> list) {
            list.forEach(item -> resources.add((HasMetadata) item));
        } else {
            resources.add((HasMetadata) parsed);
        }
        return resources;
    }

    static <T extends HasMetadata> T one(String file, Class<T> type) throws IOException {
        List<T> found = resources(file).stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName() + " in " + file).hasSize(1);
        return found.get(0);
    }

    @Test
    @DisplayName("are every manifest kustomization.yaml lists, each parsed by fabric8 as typed resources")
    void allParse() throws IOException {
        List<String> listed = new ArrayList<>();
        Judged.read(DEPLOY.resolve("kustomization.yaml")).path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> present;
        try (Stream<Path> files = Files.list(DEPLOY)) {
            present = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
                    .filter(f -> !f.equals("kustomization.yaml")).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(present);
        for (String file : listed) {
            assertThat(resources(file)).as(file).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.getClass().getPackageName()).as(file + ": " + r.getKind() + " typed")
                            .startsWith("io.fabric8.kubernetes.api.model"));
        }
    }

    @Test
    @DisplayName("define the Rollout CRD with RolloutResource's names, a status subresource and the printer columns")
    void crdNames() throws IOException {
        CustomResourceDefinition crd = one("crd.yaml", CustomResourceDefinition.class);
        assertThat(crd.getMetadata().getName()).isEqualTo(RolloutResource.CRD_NAME);
        assertThat(crd.getSpec().getGroup()).isEqualTo(RolloutResource.GROUP);
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo(RolloutResource.KIND);
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo(RolloutResource.PLURAL);
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly(RolloutResource.SHORT_NAME);
        assertThat(crd.getSpec().getVersions()).hasSize(1);
        CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
        assertThat(version.getName()).isEqualTo(RolloutResource.VERSION);
        assertThat(version.getServed()).isTrue();
        assertThat(version.getStorage()).isTrue();
        assertThat(version.getSubresources().getStatus()).isNotNull();
        assertThat(version.getSubresources().getScale()).isNull();
        assertThat(version.getAdditionalPrinterColumns())
                .extracting(c -> c.getName() + " " + c.getType() + " " + c.getJsonPath())
                .containsExactly("Phase string .status.phase", "Weight integer .status.canaryWeight",
                        "Step integer .status.step", "Age date .metadata.creationTimestamp");
    }

    @Test
    @DisplayName("give the status schema exactly RolloutStatus's fields, and a closed spec schema")
    void statusSchema() {
        JsonNode schema = Judged.read(GeneratedCrd.FILE).at("/spec/versions/0/schema/openAPIV3Schema");
        List<String> fields = new ArrayList<>();
        schema.at("/properties/status/properties").fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(RolloutStatus.class.getRecordComponents()).map(c -> c.getName()).toList());
        assertThat(schema.at("/properties/spec/x-kubernetes-preserve-unknown-fields").asBoolean())
                .as("the spec is typed, not open").isFalse();
        assertThat(schema.path("properties").size()).as("only spec and status under the root").isEqualTo(2);
    }

    @Test
    @DisplayName("grant no wildcard, and exactly the verbs of the table, each needed by a class that exists")
    void rbacLeastPrivilege() throws IOException, ClassNotFoundException {
        List<PolicyRule> rules = new ArrayList<>(one("rbac.yaml", ClusterRole.class).getRules());
        rules.addAll(one("rbac.yaml", Role.class).getRules());
        TreeSet<String> granted = new TreeSet<>();
        for (PolicyRule rule : rules) {
            assertThat(rule.getApiGroups()).doesNotContain("*");
            assertThat(rule.getResources()).doesNotContain("*").isNotEmpty();
            assertThat(rule.getVerbs()).doesNotContain("*").isNotEmpty();
            assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
            assertThat(rule.getResourceNames()).isNullOrEmpty();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    rule.getVerbs().forEach(verb -> granted.add(group + "/" + resource + ": " + verb));
                }
            }
        }
        TreeSet<String> needed = new TreeSet<>();
        String text = Files.readString(DEPLOY.resolve("rbac.yaml"));
        for (Grant grant : GRANTS) {
            grant.verbs().forEach(verb -> needed.add(grant.group() + "/" + grant.resource() + ": " + verb));
            Class<?> needer = Class.forName(grant.needer());
            assertThat(text).as("rbac.yaml names " + needer.getSimpleName()).contains(needer.getSimpleName());
        }
        assertThat(granted).as("granted by rbac.yaml vs needed by the table").containsExactlyElementsOf(needed);
        Class.forName(ROUTE_WRITER);
        assertThat(text).contains(ROUTE_WRITER.substring(ROUTE_WRITER.lastIndexOf('.') + 1));
        assertThat(one("rbac.yaml", Role.class).getRules()).as("only leases are namespaced (the controller's own)")
                .allSatisfy(rule -> assertThat(rule.getResources()).containsExactly("leases"));
    }

    @Test
    @DisplayName("bind both roles to the stepwise ServiceAccount the Deployment runs as")
    void bindings() throws IOException {
        ServiceAccount account = one("rbac.yaml", ServiceAccount.class);
        Deployment deployment = one("deployment.yaml", Deployment.class);
        assertThat(account.getMetadata().getName()).isEqualTo("stepwise");
        assertThat(account.getMetadata().getNamespace()).isEqualTo(deployment.getMetadata().getNamespace());
        ClusterRoleBinding cluster = one("rbac.yaml", ClusterRoleBinding.class);
        RoleBinding local = one("rbac.yaml", RoleBinding.class);
        assertThat(cluster.getRoleRef().getName()).isEqualTo(one("rbac.yaml", ClusterRole.class).getMetadata().getName());
        assertThat(local.getRoleRef().getName()).isEqualTo(one("rbac.yaml", Role.class).getMetadata().getName());
        for (var subject : List.of(cluster.getSubjects(), local.getSubjects())) {
            assertThat(subject).singleElement().satisfies(s -> {
                assertThat(s.getKind()).isEqualTo("ServiceAccount");
                assertThat(s.getName()).isEqualTo("stepwise");
                assertThat(s.getNamespace()).isEqualTo(account.getMetadata().getNamespace());
            });
        }
    }

    @Test
    @DisplayName("run two replicas as stepwise, probed on /healthz at the port named metrics, non-root and read-only")
    void deployment() throws IOException {
        Deployment deployment = one("deployment.yaml", Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo("stepwise");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getContainers()).hasSize(1);
        Container container = pod.getContainers().get(0);
        assertThat(container.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("metrics");
            assertThat(port.getContainerPort()).isEqualTo(9090);
        });
        for (Probe probe : List.of(container.getReadinessProbe(), container.getLivenessProbe())) {
            assertThat(probe.getHttpGet().getPath()).isEqualTo("/healthz");
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
        }
        Map<String, String> fieldRefs = container.getEnv().stream().filter(e -> e.getValueFrom() != null)
                .collect(Collectors.toMap(EnvVar::getName, e -> e.getValueFrom().getFieldRef().getFieldPath()));
        assertThat(fieldRefs).containsEntry("POD_NAMESPACE", "metadata.namespace").containsEntry("HOSTNAME", "metadata.name");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getTemplate().getMetadata().getLabels());
    }

    @Test
    @DisplayName("has a Containerfile that copies the jar the operator's pom builds and runs it with java -jar")
    void containerfile() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher output = java.util.regex.Pattern.compile("<outputFile>\\$\\{project.build.directory}/([^<]+)</outputFile>")
                .matcher(pom);
        assertThat(output.find()).as("the shade plugin's outputFile in operator/pom.xml").isTrue();
        assertThat(pom).contains("<mainClass>dev.stepwise.operator.Main</mainClass>");
        String jar = "operator/target/" + output.group(1);
        List<String> lines = Files.readAllLines(DEPLOY.resolve("Containerfile")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(lines).first().isEqualTo("FROM eclipse-temurin:17-jre");
        String copy = lines.stream().filter(l -> l.startsWith("COPY ")).findFirst().orElseThrow();
        String[] parts = copy.split("\\s+");
        assertThat(parts[1]).isEqualTo(jar);
        assertThat(lines).last().isEqualTo("ENTRYPOINT [\"java\", \"-jar\", \"" + parts[2] + "\"]");
        assertThat(lines).contains("USER 65532:65532");
    }
}
