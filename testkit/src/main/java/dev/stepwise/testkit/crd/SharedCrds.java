package dev.stepwise.testkit.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the meshes' real CustomResourceDefinitions, which the project keeps outside its own tree
 * (in {@code shared/crds/} beside the checkout) and never copies in.
 *
 * <p>The folder is the environment variable {@value #ENV} when set; otherwise the first
 * {@code shared/crds} folder found beside the working directory or one of its parents (so
 * {@code ../shared/crds} from the repository root, {@code ../../shared/crds} from a module). When
 * neither exists, {@link #directory()} fails with a message saying what to set: tests that need
 * the schemas fail clearly rather than pass without them.
 */
public final class SharedCrds {

    /** The environment variable naming the CRD folder. */
    public static final String ENV = "STEPWISE_CRDS";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SharedCrds() {
    }

    /** The folder holding the CRDs (with {@code istio/}, {@code kuma/}, {@code gateway-api/}). */
    public static Path directory() {
        String configured = System.getenv(ENV);
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath();
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException(ENV + "=" + configured + " is not a directory; it must name the folder"
                        + " holding the meshes' CRDs (shared/crds beside the checkout)");
            }
            return dir;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("crds");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("the meshes' CRD schemas were not found: expected a shared/crds folder beside"
                + " the checkout (../shared/crds from the repository root), or set " + ENV + " to the folder holding"
                + " them. They are kept outside the project on purpose and never copied into it.");
    }

    /**
     * Reads one CRD.
     *
     * @param relativePath its path under {@link #directory()}, e.g. {@code istio/virtualservices.networking.istio.io.yaml}
     */
    public static Crd load(String relativePath) {
        Path file = directory().resolve(relativePath);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("CRD " + relativePath + " not found in " + directory());
        }
        try {
            JsonNode root = YAML.readTree(file.toFile());
            return Crd.of(relativePath, root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CRD " + file, e);
        }
    }
}
