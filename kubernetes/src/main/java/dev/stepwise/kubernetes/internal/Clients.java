package dev.stepwise.kubernetes.internal;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;

/** Derived clients. */
public final class Clients {

    private Clients() {
    }

    /**
     * {@code client} with fabric8's own retries switched off (by default it retries 429, 5xx and I/O
     * errors up to 10 times, sleeping for real), everything else of its configuration kept, the
     * request timeout included: our callers retry with their own bounded, injectable backoff.
     */
    public static KubernetesClient withoutRetries(KubernetesClient client) {
        return (KubernetesClient) client.newClient(new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                .withRequestRetryBackoffLimit(0).build());
    }
}
