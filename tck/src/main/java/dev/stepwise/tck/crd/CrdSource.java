package dev.stepwise.tck.crd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a kit reads CustomResourceDefinitions from, each by its path under the source's root
 * (e.g. {@code istio/virtualservices.networking.istio.io.yaml}). An adapter author passes their own
 * CRDs by overriding the kit's {@code crdSource()}:
 *
 * <pre>{@code
 * protected CrdSource crdSource() { return CrdSource.classpath("crds"); }  // src/test/resources/crds/...
 * protected CrdSource crdSource() { return CrdSource.folder(Path.of("deploy/crds")); }
 * }</pre>
 *
 * <p>A CRD that is not there fails with an {@link IllegalStateException} naming where it was
 * looked for: a kit never passes without the schemas it was asked to check against.
 */
public sealed interface CrdSource {

    /** The system property naming the folder of the default {@link #lookup()}. */
    String PROPERTY = "stepwise.crds";

    /** The environment variable naming the folder of the default {@link #lookup()}, after {@value #PROPERTY}. */
    String ENV = "STEPWISE_CRDS";

    /**
     * Reads one CRD.
     *
     * @param relativePath its path under this source's root
     * @throws IllegalStateException when it is not there, naming where it was looked for
     */
    Crd load(String relativePath);

    /** CRDs in {@code folder} (relative to the working directory unless absolute). */
    static CrdSource folder(Path folder) {
        return new Folder(folder.toAbsolutePath().normalize());
    }

    /**
     * CRDs as resources on the class path under {@code root} (e.g. {@code crds} for files in
     * {@code src/test/resources/crds/}), read through the thread's context class loader.
     */
    static CrdSource classpath(String root) {
        return new Classpath(root.replaceAll("^/+|/+$", ""));
    }

    /**
     * The default: the meshes' CRDs, which Stepwise never copies into its tree, from the first of
     * the folder named by the system property {@value #PROPERTY}, the folder named by the
     * environment variable {@value #ENV}, a {@code shared/crds} folder in the working directory or
     * one of its parents (so {@code ../shared/crds} beside the checkout), and the cache that
     * {@code scripts/setup --tests} fills ({@code $XDG_CACHE_HOME/stepwise/crds}, by default
     * {@code ~/.cache/stepwise/crds}).
     */
    static CrdSource lookup() {
        return new Lookup();
    }

    /** The CRDs in one folder. */
    record Folder(Path directory) implements CrdSource {

        @Override
        public Crd load(String relativePath) {
            if (!Files.isDirectory(directory)) {
                throw new IllegalStateException("CRD folder " + directory + " does not exist (looking for " + relativePath + ")");
            }
            Path file = directory.resolve(relativePath);
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("CRD " + relativePath + " not found in " + directory);
            }
            try (InputStream in = Files.newInputStream(file)) {
                return Crd.of(relativePath, CrdYaml.read(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read CRD " + file, e);
            }
        }
    }

    /** The CRDs under one root of the class path. */
    record Classpath(String root) implements CrdSource {

        @Override
        public Crd load(String relativePath) {
            String resource = root.isEmpty() ? relativePath : root + "/" + relativePath;
            ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                    .orElse(CrdSource.class.getClassLoader());
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("CRD " + relativePath + " not found on the class path as " + resource);
                }
                return Crd.of(relativePath, CrdYaml.read(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read CRD resource " + resource, e);
            }
        }
    }

    /** The default of {@link #lookup()}: the folder is looked up at every load. */
    record Lookup() implements CrdSource {

        @Override
        public Crd load(String relativePath) {
            return new Folder(directory()).load(relativePath);
        }

        /**
         * The first folder found.
         *
         * @throws IllegalStateException when none is, listing every place looked at
         */
        public Path directory() {
            return locate(System.getProperty(PROPERTY), System.getenv(ENV), Path.of("").toAbsolutePath(), cache());
        }

        /** The lookup over given places: the property's and the variable's values (null when unset), the start folder and the cache. */
        static Path locate(String property, String env, Path start, Path cache) {
            List<String> looked = new ArrayList<>();
            Optional<Path> configured = configured(property, "system property " + PROPERTY, looked)
                    .or(() -> configured(env, "environment variable " + ENV, looked));
            if (configured.isPresent()) {
                return configured.get();
            }
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("shared").resolve("crds");
                if (Files.isDirectory(candidate)) {
                    return candidate;
                }
            }
            looked.add("shared/crds in " + start + " and each parent: none");
            if (Files.isDirectory(cache)) {
                return cache;
            }
            looked.add("the folder scripts/setup --tests downloads to, " + cache + ": absent");
            throw new IllegalStateException("the meshes' CRD schemas were not found. Looked at: " + String.join("; ", looked)
                    + ". Run scripts/setup --tests to download the pinned files (checksums in scripts/crds.sha256),"
                    + " set " + ENV + " to a folder holding them, or give the kit a CrdSource of your own.");
        }

        private static Optional<Path> configured(String value, String name, List<String> looked) {
            if (value == null || value.isBlank()) {
                looked.add(name + ": unset");
                return Optional.empty();
            }
            Path dir = Path.of(value).toAbsolutePath();
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException(name + "=" + value + " is not a directory; it must name the folder"
                        + " holding the meshes' CRDs (istio/, kuma/, gateway-api/)");
            }
            return Optional.of(dir);
        }

        /** Where {@code scripts/setup --tests} puts the downloaded CRDs. */
        static Path cache() {
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
            return base.resolve("stepwise").resolve("crds");
        }
    }
}
