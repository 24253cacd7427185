package dev.stepwise.kubernetes;

import dev.stepwise.spi.Sleeper;
import dev.stepwise.spi.StateStore;
import dev.stepwise.tck.StateStoreCompatibilityKit;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;

/**
 * The StateStore contract on fabric8's mock API server in CRUD mode, a fresh one for every test.
 *
 * <p>The server is started here, as {@code @EnableKubernetesMockClient(crud = true)} would start it,
 * rather than by that annotation: the kit's tests are {@code @Nested}, and the extension injects
 * only into the declaring class's instance and closes a static client after the first nested class.
 */
class ConfigMapStateStoreCompatibilityTest extends StateStoreCompatibilityKit {

    private KubernetesMockServer server;
    private KubernetesClient client;

    @Override
    protected StateStore createStore() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), true);
        server.init();
        client = server.createClient();
        return ConfigMapStateStore.builder(client, "stepwise-test").sleeper(new RecordingSleeper()).build();
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.destroy();
    }
}
