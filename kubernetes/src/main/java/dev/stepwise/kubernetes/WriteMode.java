package dev.stepwise.kubernetes;

/** How {@link KubernetesManifestSink} writes a resource. */
public enum WriteMode {
    /**
     * Create (POST) a manifest without {@code metadata.resourceVersion}, replace (PUT) one with it,
     * only at that version. The default; works with every API server, including fabric8's mock.
     */
    UPDATE,
    /**
     * Server-side apply (an {@code application/apply-patch+yaml} PATCH) with field manager
     * {@value KubernetesManifestSink#FIELD_MANAGER}, never forcing: a field owned by another manager
     * is a conflict. A {@code metadata.resourceVersion} in the manifest is sent and checked by the
     * API server. For real clusters; fabric8's mock server answers 415 to it.
     */
    SERVER_SIDE_APPLY
}
