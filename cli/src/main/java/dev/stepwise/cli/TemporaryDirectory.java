package dev.stepwise.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removes a temporary working copy; a file that cannot be removed is logged, not thrown. */
final class TemporaryDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(TemporaryDirectory.class);

    private TemporaryDirectory() {
    }

    static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                if (!path.toFile().delete()) {
                    LOG.warn("could not remove {} of the temporary working copy", path);
                }
            });
        } catch (IOException e) {
            LOG.warn("could not remove the temporary working copy {}: {}", dir, e.toString());
        }
    }
}
