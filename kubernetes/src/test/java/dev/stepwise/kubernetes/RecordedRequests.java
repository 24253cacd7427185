package dev.stepwise.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The requests a mock server received so far, taken off its queue (so the next call sees only newer ones). */
final class RecordedRequests {

    private RecordedRequests() {
    }

    /** Every request received since the last call, in order. */
    static List<RecordedRequest> drain(KubernetesMockServer server) {
        List<RecordedRequest> requests = new ArrayList<>();
        try {
            for (RecordedRequest r = server.takeRequest(1, TimeUnit.MILLISECONDS); r != null;
                 r = server.takeRequest(1, TimeUnit.MILLISECONDS)) {
                requests.add(r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while reading the mock server's requests", e);
        }
        return requests;
    }

    /** "METHOD path" of every request received since the last call, discovery requests left out. */
    static List<String> lines(KubernetesMockServer server) {
        return drain(server).stream().filter(r -> !r.getPath().matches("/apis?(/[^/]+)?(/v[^/]+)?"))
                .map(r -> r.getMethod() + " " + r.getPath()).toList();
    }
}
