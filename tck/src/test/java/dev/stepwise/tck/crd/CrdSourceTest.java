package dev.stepwise.tck.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.mesh.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("CrdSource: the kits take CRDs from the class path, any folder, or the default lookup")
class CrdSourceTest {

    private static final String WIDGETS = "example/widgets.example.com.yaml";

    private static Manifest widget(int weight) {
        return Manifest.parse("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w, namespace: test}
                spec: {weight: %d}
                """.formatted(weight));
    }

    @Nested
    @DisplayName("from the class path")
    class FromClasspath {

        @Test
        @DisplayName("reads an adapter author's own CRD, and the validator checks resources against it")
        void readsOwnCrd() {
            CrdSource source = CrdSource.classpath("crds");

            assertThat(source.load(WIDGETS).kind()).isEqualTo("Widget");
            CrdSchemaValidator validator = CrdSchemaValidator.forCrds(source, List.of(WIDGETS));
            assertThat(validator.problems(widget(40))).isEmpty();
            assertThat(validator.problems(widget(140))).singleElement().asString().contains("/spec/weight");
        }

        @Test
        @DisplayName("a leading or trailing slash of the root makes no difference")
        void rootSlashes() {
            assertThat(CrdSource.classpath("/crds/").load(WIDGETS).plural()).isEqualTo("widgets");
        }

        @Test
        @DisplayName("a missing CRD fails naming the resource looked for")
        void missing() {
            assertThatThrownBy(() -> CrdSource.classpath("crds").load("example/gadgets.example.com.yaml"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not found on the class path as crds/example/gadgets.example.com.yaml");
        }
    }

    @Nested
    @DisplayName("from a folder")
    class FromFolder {

        @Test
        @DisplayName("reads a CRD by its path under the folder")
        void readsCrd(@TempDir Path dir) throws IOException {
            Files.createDirectories(dir.resolve("example"));
            try (InputStream in = getClass().getResourceAsStream("/crds/" + WIDGETS)) {
                Files.copy(in, dir.resolve(WIDGETS));
            }

            assertThat(CrdSource.folder(dir).load(WIDGETS).group()).isEqualTo("example.com");
        }

        @Test
        @DisplayName("a missing CRD fails naming the folder")
        void missingFile(@TempDir Path dir) {
            assertThatThrownBy(() -> CrdSource.folder(dir).load(WIDGETS))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("CRD " + WIDGETS + " not found in " + dir.toAbsolutePath());
        }

        @Test
        @DisplayName("a missing folder fails naming it")
        void missingFolder(@TempDir Path dir) {
            Path absent = dir.resolve("absent");

            assertThatThrownBy(() -> CrdSource.folder(absent).load(WIDGETS))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("CRD folder " + absent + " does not exist");
        }
    }

    @Nested
    @DisplayName("the default lookup")
    class DefaultLookup {

        @AfterEach
        void clearProperty() {
            System.clearProperty(CrdSource.PROPERTY);
        }

        @Test
        @DisplayName("takes the folder of the system property first")
        void systemProperty(@TempDir Path dir) throws IOException {
            Files.createDirectories(dir.resolve("example"));
            try (InputStream in = getClass().getResourceAsStream("/crds/" + WIDGETS)) {
                Files.copy(in, dir.resolve(WIDGETS));
            }
            System.setProperty(CrdSource.PROPERTY, dir.toString());

            assertThat(new CrdSource.Lookup().directory()).isEqualTo(dir.toAbsolutePath());
            assertThat(CrdSource.lookup().load(WIDGETS).kind()).isEqualTo("Widget");
        }

        @Test
        @DisplayName("a system property naming no folder fails naming the property and the value")
        void propertyNotAFolder(@TempDir Path dir) {
            System.setProperty(CrdSource.PROPERTY, dir.resolve("absent").toString());

            assertThatThrownBy(() -> CrdSource.lookup().load(WIDGETS))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("system property stepwise.crds=" + dir.resolve("absent"))
                    .hasMessageContaining("is not a directory");
        }

        @Test
        @DisplayName("then shared/crds in the working directory or a parent, then the download folder")
        void sharedThenCache(@TempDir Path dir) throws IOException {
            Path shared = Files.createDirectories(dir.resolve("shared/crds"));
            Path module = Files.createDirectories(dir.resolve("clone/core"));
            Path cache = Files.createDirectories(dir.resolve("cache"));

            assertThat(CrdSource.Lookup.locate(null, "", module, cache)).isEqualTo(shared);
            assertThat(CrdSource.Lookup.locate(null, null, cache, cache)).isEqualTo(shared);
            Files.delete(shared);
            assertThat(CrdSource.Lookup.locate(null, null, module, cache)).isEqualTo(cache);
        }

        @Test
        @DisplayName("finding nothing fails naming every place it looked and what to do")
        void nothingFound(@TempDir Path dir) {
            Path cache = dir.resolve("cache");

            assertThatThrownBy(() -> CrdSource.Lookup.locate(null, null, dir, cache))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("system property stepwise.crds: unset")
                    .hasMessageContaining("environment variable STEPWISE_CRDS: unset")
                    .hasMessageContaining("shared/crds in " + dir + " and each parent: none")
                    .hasMessageContaining(cache + ": absent")
                    .hasMessageContaining("scripts/setup --tests");
        }

        @Test
        @DisplayName("the folder scripts/setup --tests downloads to is under the user's cache")
        void cache() {
            assertThat(CrdSource.Lookup.cache().toString()).endsWith("stepwise/crds");
        }
    }
}
