package dev.stepwise.mesh;

import dev.stepwise.validation.InvalidValueException;

/**
 * Names one Kubernetes resource: {@code apiVersion}, {@code kind}, namespace and name.
 *
 * @param apiVersion e.g. {@code networking.istio.io/v1}
 * @param kind       e.g. {@code VirtualService}
 * @param namespace  the namespace, or {@code ""} for a cluster-scoped resource (Kuma's legacy TrafficRoute)
 * @param name       the resource's name
 */
public record ResourceRef(String apiVersion, String kind, String namespace, String name) {

    public ResourceRef {
        requireText("apiVersion", apiVersion);
        requireText("kind", kind);
        InvalidValueException.requireNonNull("namespace", namespace);
        requireText("name", name);
    }

    /** Whether the resource is cluster-scoped (has no namespace). */
    public boolean isClusterScoped() {
        return namespace.isEmpty();
    }

    /** The API group, empty for the core group ({@code v1}). */
    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** The version part of {@link #apiVersion()}, e.g. {@code v1}. */
    public String version() {
        return apiVersion.substring(apiVersion.indexOf('/') + 1);
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(field, value == null ? "null" : "\"" + value + "\"", "must not be empty");
        }
    }

    @Override
    public String toString() {
        return kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name + " (" + apiVersion + ")";
    }
}
