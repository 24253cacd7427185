package dev.stepwise.mesh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.stepwise.input.InputLimits;
import dev.stepwise.input.internal.DocumentReader;
import dev.stepwise.input.internal.Syntax;
import dev.stepwise.input.internal.UnreadableDocumentException;
import dev.stepwise.validation.InvalidValueException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * One Kubernetes resource as a JSON tree ({@code apiVersion}, {@code kind}, {@code metadata},
 * {@code spec}...), immutable: the tree is copied in and copied out. Renderers read and write
 * these, so they need no Kubernetes client and their output can go to the API server or to Git
 * alike. Two manifests are equal when their trees are equal, key order aside.
 */
public final class Manifest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES));

    /**
     * The limits of {@link #parse}: 1 MiB documents (a route manifest is a few KiB; a Kubernetes
     * object is at most ~1.5 MiB, etcd's request limit) with strings up to 256 KiB (all of an
     * object's annotations together); kept at 1 MiB because YAML parsing time grows with the
     * square of a long scalar.
     */
    public static final InputLimits LIMITS = InputLimits.builder().maxDocumentBytes(1024 * 1024)
            .maxStringLength(256 * 1024).build();
    private static final DocumentReader READER = DocumentReader.of(LIMITS);

    private final ObjectNode tree;
    private final ResourceRef ref;

    private Manifest(ObjectNode tree) {
        this.tree = tree;
        this.ref = new ResourceRef(text(tree, "apiVersion"), text(tree, "kind"),
                tree.path("metadata").path("namespace").asText(""), text(tree.path("metadata"), "name"));
    }

    /**
     * A manifest of a copy of {@code tree}, which must carry apiVersion, kind and metadata.name
     * (and metadata.namespace unless the resource is cluster-scoped).
     */
    public static Manifest of(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new InvalidValueException("manifest", String.valueOf(tree), "must be a JSON object");
        }
        return new Manifest(((ObjectNode) tree).deepCopy());
    }

    /**
     * Parses one resource from JSON or YAML text, within {@link #LIMITS}.
     *
     * @throws InvalidValueException for text that is not one object, or is past a limit
     */
    public static Manifest parse(String text) {
        try {
            return of(READER.parse(text, Syntax.YAML));
        } catch (UnreadableDocumentException e) {
            throw new InvalidValueException("manifest", "text", "must be one JSON or YAML object (" + e.problem().message() + ")");
        }
    }

    /** Which resource this is. */
    public ResourceRef ref() {
        return ref;
    }

    /** A copy of the tree, free to change. */
    public ObjectNode json() {
        return tree.deepCopy();
    }

    /** The value at a JSON pointer ({@code /spec/http/0/name}), a missing node when absent; read-only use. */
    public JsonNode at(String pointer) {
        return tree.at(pointer).deepCopy();
    }

    /** {@code metadata.resourceVersion}, empty when the manifest was not read from an API server. */
    public String resourceVersion() {
        return tree.path("metadata").path("resourceVersion").asText("");
    }

    /** The resource as YAML, keys in the tree's order (renderers keep it stable, so diffs show only changes). */
    public String toYaml() {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The resource as compact JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidValueException(field, value.isMissingNode() ? "missing" : value.toString(),
                    "must be a non-empty string in a Kubernetes resource");
        }
        return value.asText();
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Manifest other && tree.equals(other.tree);
    }

    @Override
    public int hashCode() {
        return tree.hashCode();
    }

    @Override
    public String toString() {
        String version = resourceVersion();
        return "Manifest[" + ref + (version.isEmpty() ? "" : ", resourceVersion " + version) + "]";
    }
}
