package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The CLI's inputs are bounded")
class BoundedInputCliTest {

    static final String REGULAR_ONLY = "not a regular file; Stepwise reads documents from regular files only";

    @TempDir
    Path dir;

    @Test
    @DisplayName("stepwise validate refuses 50 MB of spaces, a FIFO and a symlink to /dev/zero as invalid specs, exit 1")
    void validate() throws Exception {
        Path spaces = spaces(dir.resolve("spaces.yaml"), 50L * 1024 * 1024);
        Path fifo = dir.resolve("pipe.yaml");
        assumeTrue(mkfifo(fifo), "mkfifo is not available");
        Path zero = Files.createSymbolicLink(dir.resolve("zero.json"), Path.of("/dev/zero"));

        CliRun run = CliRun.of("validate", spaces, fifo, zero, CliRun.CANARY);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo(String.join("\n",
                spaces + ": invalid (1 problem)",
                "  document size 52428800 bytes is more than the limit of 262144 bytes (maxDocumentBytes)",
                fifo + ": invalid (1 problem)",
                "  is a FIFO, " + REGULAR_ONLY,
                zero + ": invalid (1 problem)",
                "  is a character device, " + REGULAR_ONLY,
                CliRun.CANARY + ": valid (canary, 9 steps when healthy)",
                ""));
        assertThat(run.err()).isEmpty();
    }

    @Test
    @DisplayName("ScenarioReader refuses a directory, a large file and an alias, naming the scenario")
    void scenarios() throws IOException {
        Path directory = Files.createDirectory(dir.resolve("scenario.yaml"));
        Path large = spaces(dir.resolve("large.yaml"), 300 * 1024);
        Path alias = Files.writeString(dir.resolve("alias.yaml"), "requestRate: &r 100\nseed: *r\n");

        assertThat(problem(directory)).isEqualTo("scenario " + directory + " is invalid (1 problem):\n  is a directory, "
                + REGULAR_ONLY);
        assertThat(problem(large)).isEqualTo("scenario " + large + " is invalid (1 problem):\n  document size 307200 bytes"
                + " is more than the limit of 262144 bytes (maxDocumentBytes)");
        assertThat(problem(alias)).isEqualTo("scenario " + alias + " is invalid (1 problem):\n  the YAML alias *r is not"
                + " supported; write the value out at line 2, column 7");
    }

    private static String problem(Path scenario) {
        try {
            ScenarioReader.read(scenario);
        } catch (dev.stepwise.validation.InvalidConfigException e) {
            return e.getMessage();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError(scenario + " was read");
    }

    private static Path spaces(Path file, long size) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
            }
        }
        return file;
    }

    private static boolean mkfifo(Path fifo) throws InterruptedException {
        try {
            Process process = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
