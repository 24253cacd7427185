package dev.stepwise.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stepwise.spec.InvalidSpecException;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.Problem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Every document read is bounded")
class BoundedInputTest {

    static final Path CANARY = Path.of("..", "examples", "specs", "canary.yaml");
    static final String HEADER = "apiVersion: stepwise.dev/v1alpha1\nkind: Rollout\nmetadata: {name: podinfo}\n";

    @TempDir
    Path dir;

    /** The one problem of a spec file that is refused. */
    static String refusal(Path file) {
        return refusal(file, InputLimits.ofDefaults());
    }

    static String refusal(Path file, InputLimits limits) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> RolloutSpec.read(file, limits));
        assertThat(e).as("%s should be refused", file).isNotNull();
        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e.getMessage()).startsWith("spec " + file + " is invalid (1 problem)");
        return e.problems().stream().map(Problem::toString).findFirst().orElseThrow();
    }

    static String refusalOfYaml(String yaml) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> RolloutSpec.parseYaml(yaml));
        assertThat(e).as("the text should be refused").isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0).toString();
    }

    static String refusalOfJson(String json) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> RolloutSpec.parseJson(json));
        assertThat(e).as("the text should be refused").isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0).toString();
    }

    Path write(String name, byte[] chunk, long total) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < total; written += chunk.length) {
                out.write(chunk);
            }
        }
        return file;
    }

    @Nested
    @DisplayName("in size")
    class Size {

        @Test
        @DisplayName("50 MB of spaces in a file is refused by its size, naming the file, the limit and the size")
        void fiftyMegabytesOfSpaces() throws IOException {
            byte[] spaces = new byte[1024 * 1024];
            Arrays.fill(spaces, (byte) ' ');
            Path file = write("spaces.yaml", spaces, 50L * 1024 * 1024);

            assertThat(refusal(file)).isEqualTo("document size 52428800 bytes is more than the limit of 262144 bytes"
                    + " (maxDocumentBytes)");
        }

        @Test
        @DisplayName("50 MB of spaces as text is refused the same way, before it is parsed")
        void fiftyMegabytesOfSpacesAsText() {
            assertThat(refusalOfYaml(" ".repeat(50 * 1024 * 1024))).isEqualTo(
                    "document size 52428800 bytes is more than the limit of 262144 bytes (maxDocumentBytes)");
        }

        @Test
        @DisplayName("a 10 MB string is refused by the document's size, and by the string limit when the size allows it")
        void tenMegabyteString() throws IOException {
            String big = "x".repeat(10 * 1024 * 1024);
            Path yaml = Files.writeString(dir.resolve("string.yaml"), HEADER + "spec: {target: {name: \"" + big + "\"}}\n");
            Path json = Files.writeString(dir.resolve("string.json"), "{\"apiVersion\": \"" + big + "\"}");
            InputLimits roomy = InputLimits.builder().maxDocumentBytes(32 * 1024 * 1024).build();

            assertThat(refusal(yaml)).isEqualTo("document size " + Files.size(yaml) + " bytes is more than the limit of"
                    + " 262144 bytes (maxDocumentBytes)");
            Path within = Files.writeString(dir.resolve("within.yaml"), HEADER + "spec: {target: {name: \""
                    + "x".repeat(100_000) + "\"}}\n");

            assertThat(refusal(within)).isEqualTo("string length 100000 is more than the limit of 16384"
                    + " (maxStringLength) at line 4, column 23");
            assertThat(refusal(json, roomy)).matches("string length \\d+ is more than the limit of 16384 \\(maxStringLength\\).*");
        }

        @Test
        @DisplayName("counts the size in bytes of UTF-8, not in characters")
        void sizeInBytes() {
            InputLimits small = InputLimits.builder().maxDocumentBytes(1024).build();
            String text = "é".repeat(600);

            assertThatThrownBy(() -> RolloutSpec.parseYaml(text, "<yaml>", small)).isInstanceOf(InvalidSpecException.class)
                    .hasMessageContaining("document size 1200 bytes is more than the limit of 1024 bytes (maxDocumentBytes)");
        }

        @Test
        @DisplayName("a spec within a smaller limit is read as before")
        void withinLimits() throws IOException {
            InputLimits tight = InputLimits.builder().maxDocumentBytes(4096).maxNestingDepth(8).maxStringLength(512)
                    .maxNameLength(64).maxNumberLength(8).build();

            assertThat(RolloutSpec.read(CANARY, tight)).isEqualTo(RolloutSpec.read(CANARY));
        }
    }

    @Nested
    @DisplayName("in shape")
    class Shape {

        @Test
        @DisplayName("a billion-laughs alias bomb is refused at its first alias")
        void billionLaughs() {
            StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
            for (char c = 'b'; c <= 'j'; c++) {
                char p = (char) (c - 1);
                bomb.append(c).append(": &").append(c).append(" [");
                for (int i = 0; i < 9; i++) {
                    bomb.append(i == 0 ? "" : ",").append('*').append(p);
                }
                bomb.append("]\n");
            }

            assertThat(refusalOfYaml(bomb.toString())).isEqualTo(
                    "the YAML alias *a is not supported; write the value out at line 2, column 8");
        }

        @Test
        @DisplayName("an alias of a scalar is refused too: it would be read as the alias's name")
        void scalarAlias() {
            assertThat(refusalOfYaml(HEADER + "x: &w 10\ny: *w\n")).startsWith("the YAML alias *w is not supported");
        }

        @Test
        @DisplayName("10,000-deep nesting is refused at the limit, in YAML and JSON; 100-deep YAML blocks too")
        void deepNesting() {
            String flow = "[".repeat(10_000) + "]".repeat(10_000);
            StringBuilder block = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                block.append(" ".repeat(i)).append("k:\n");
            }

            assertThat(refusalOfYaml(flow)).startsWith("nesting depth 65 is more than the limit of 64 (maxNestingDepth)");
            assertThat(refusalOfJson(flow)).startsWith("nesting depth 65 is more than the limit of 64 (maxNestingDepth)");
            assertThat(refusalOfYaml(block.toString())).startsWith("nesting depth 65 is more than the limit of 64");
        }

        @Test
        @DisplayName("a number of 101 digits is refused, in YAML and JSON")
        void hugeNumber() {
            String digits = "9".repeat(101);

            assertThat(refusalOfYaml("a: " + digits)).startsWith("number length 101 is more than the limit of 100 (maxNumberLength)");
            assertThat(refusalOfJson("{\"a\": " + digits + "}")).startsWith(
                    "number length 101 is more than the limit of 100 (maxNumberLength)");
        }

        @Test
        @DisplayName("a field name past the limit is refused, in YAML and JSON")
        void longName() {
            String name = "n".repeat(1025);
            InputLimits shortNames = InputLimits.builder().maxNameLength(10).build();

            // YAML itself allows implicit keys of at most 1024 characters
            assertThatThrownBy(() -> RolloutSpec.parseYaml("n".repeat(11) + ": 1", "<yaml>", shortNames))
                    .hasMessageContaining("field name length 11 is more than the limit of 10 (maxNameLength)");
            assertThat(refusalOfJson("{\"" + name + "\": 1}")).startsWith(
                    "field name length 1025 is more than the limit of 1024 (maxNameLength)");
        }

        @Test
        @DisplayName("bytes that are not UTF-8 are refused")
        void notUtf8() throws IOException {
            Path file = Files.write(dir.resolve("latin1.yaml"), (HEADER + "x: caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));

            assertThat(refusal(file)).isEqualTo("not UTF-8 text; a document is written in UTF-8");
        }
    }

    @Nested
    @DisplayName("in kind: only regular files are read")
    class Kind {

        @Test
        @DisplayName("a FIFO is refused without being opened, so the read never waits for a writer")
        void fifo() throws Exception {
            Path fifo = dir.resolve("pipe.yaml");
            assumeTrue(mkfifo(fifo), "mkfifo is not available");

            assertThat(refusal(fifo)).isEqualTo("is a FIFO, not a regular file; Stepwise reads documents from regular files only");
        }

        @Test
        @DisplayName("a symlink to /dev/zero is refused: it is followed, and what it points to is a device")
        void symlinkToDevZero() throws IOException {
            Path zero = Path.of("/dev/zero");
            assumeTrue(Files.exists(zero), "no /dev/zero on this system");
            Path link = Files.createSymbolicLink(dir.resolve("zero.yaml"), zero);

            assertThat(refusal(link)).isEqualTo(
                    "is a character device, not a regular file; Stepwise reads documents from regular files only");
        }

        @Test
        @DisplayName("a directory is refused")
        void directory() throws IOException {
            Path sub = Files.createDirectory(dir.resolve("specs.yaml"));

            assertThat(refusal(sub)).isEqualTo("is a directory, not a regular file; Stepwise reads documents from regular files only");
        }

        @Test
        @DisplayName("a symlink to a regular file is followed and read")
        void symlinkToFile() throws IOException {
            Path link = Files.createSymbolicLink(dir.resolve("link.yaml"), CANARY.toAbsolutePath());

            assertThat(RolloutSpec.read(link)).isEqualTo(RolloutSpec.read(CANARY));
        }

        @Test
        @DisplayName("a missing file is still an IOException, as before")
        void missing() {
            assertThatThrownBy(() -> RolloutSpec.read(dir.resolve("absent.yaml"))).isInstanceOf(java.nio.file.NoSuchFileException.class);
        }

        private boolean mkfifo(Path fifo) throws InterruptedException {
            try {
                Process process = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
                return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
            } catch (IOException e) {
                return false;
            }
        }
    }

    @Nested
    @DisplayName("limits themselves")
    class Limits {

        @Test
        @DisplayName("default to 256 KiB, depth 64, strings of 16,384, names of 1,024 and numbers of 100 characters")
        void defaults() {
            assertThat(InputLimits.ofDefaults()).isEqualTo(new InputLimits(262_144, 64, 16_384, 1024, 100));
            assertThat(InputLimits.builder().build()).isEqualTo(InputLimits.ofDefaults());
            assertThat(InputLimits.ofDefaults().toBuilder().maxNestingDepth(10).build().maxNestingDepth()).isEqualTo(10);
        }

        @Test
        @DisplayName("are refused out of range, each named with its range")
        void ranges() {
            InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                    () -> new InputLimits(0, 1001, 0, 0, 1001));

            assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                    "maxDocumentBytes: 0 must be between 1 and 1073741824",
                    "maxNestingDepth: 1001 must be between 1 and 1000",
                    "maxStringLength: 0 must be between 1 and 1073741824",
                    "maxNameLength: 0 must be between 1 and 1073741824",
                    "maxNumberLength: 1001 must be between 1 and 1000");
        }

        @Test
        @DisplayName("a file that fits is not changed by being bounded")
        void listOfExamples() throws IOException {
            for (String name : List.of("ab-test.yaml", "blue-green.yaml", "canary.yaml", "rolling.yaml")) {
                Path file = CANARY.resolveSibling(name);
                assertThat(RolloutSpec.read(file)).isEqualTo(RolloutSpec.parseYaml(Files.readString(file)));
            }
        }
    }
}
