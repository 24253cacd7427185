package dev.stepwise.importer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.validation.InvalidValueException;

/**
 * One Kubernetes document of the files given to an import, as read.
 *
 * @param file  the file it came from, as given
 * @param index its place in that file, from 0 (YAML streams hold several documents)
 * @param tree  the document
 */
public record ManifestDocument(String file, int index, JsonNode tree) {

    public ManifestDocument {
        InvalidValueException.requireNonNull("file", file);
        InvalidValueException.requireNonNull("tree", tree);
    }

    /** {@code apiVersion}, empty when missing. */
    public String apiVersion() {
        return tree.path("apiVersion").asText("");
    }

    /** {@code kind}, empty when missing. */
    public String kind() {
        return tree.path("kind").asText("");
    }

    /** {@code metadata.name}, empty when missing. */
    public String name() {
        return tree.path("metadata").path("name").asText("");
    }

    /** {@code metadata.namespace}, empty when missing. */
    public String namespace() {
        return tree.path("metadata").path("namespace").asText("");
    }

    /**
     * How findings name this document: {@code Kind/namespace/name}, {@code Kind/name} without a
     * namespace, or {@code file#index} when it has no name.
     */
    public String label() {
        if (name().isEmpty()) {
            return file + "#" + index;
        }
        return kind() + "/" + (namespace().isEmpty() ? "" : namespace() + "/") + name();
    }

    @Override
    public String toString() {
        return label() + " (" + file + "#" + index + ")";
    }
}
