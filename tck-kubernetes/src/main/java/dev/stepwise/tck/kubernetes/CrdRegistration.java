package dev.stepwise.tck.kubernetes;

import dev.stepwise.tck.crd.Crd;
import dev.stepwise.tck.crd.CrdSource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the meshes' real CRDs (read from a {@link CrdSource}, by default {@link CrdSource#lookup()}:
 * never copied into the project) on fabric8's mock API server, so that in CRUD mode generic resources
 * of those kinds can be created, read, updated and listed like on a real cluster: the mock answers
 * API discovery for the registered kinds, with their scope (Kuma's TrafficRoute is cluster-scoped).
 *
 * <p>For the mesh modules' tests and any adapter's:
 * <pre>{@code
 * @EnableKubernetesMockClient(crud = true)
 * class IstioOnMockServerTest {
 *     KubernetesClient client;
 *
 *     @BeforeEach
 *     void crds() {
 *         CrdRegistration.register(client, "istio/virtualservices.networking.istio.io.yaml");
 *     }
 * }
 * }</pre>
 */
public final class CrdRegistration {

    private CrdRegistration() {
    }

    /**
     * Registers each CRD, given by its path under the folder {@link CrdSource#lookup()} finds; one
     * registered already is left as it is. A missing file or folder fails naming where it was looked for.
     *
     * @return the definitions as the mock server stored them, in the order given
     */
    public static List<CustomResourceDefinition> register(KubernetesClient client, String... relativePaths) {
        return register(client, CrdSource.lookup(), relativePaths);
    }

    /**
     * Registers each CRD, given by its path under the root of {@code source}; one registered already
     * is left as it is. A missing file fails naming where it was looked for.
     *
     * @return the definitions as the mock server stored them, in the order given
     */
    public static List<CustomResourceDefinition> register(KubernetesClient client, CrdSource source,
                                                          String... relativePaths) {
        List<CustomResourceDefinition> registered = new ArrayList<>();
        for (String path : relativePaths) {
            registered.add(registerOne(client, source.load(path)));
        }
        return registered;
    }

    private static CustomResourceDefinition registerOne(KubernetesClient client, Crd crd) {
        CustomResourceDefinition definition = client.getKubernetesSerialization()
                .convertValue(crd.root(), CustomResourceDefinition.class);
        var crds = client.apiextensions().v1().customResourceDefinitions();
        CustomResourceDefinition existing = crds.withName(definition.getMetadata().getName()).get();
        return existing != null ? existing : crds.resource(definition).create();
    }
}
