package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar ({@code stepwise-cli-VERSION-all.jar}, built in {@code package}) as a user
 * downloads it: it ships the CLI and what it runs on, and no test library. Run by failsafe in
 * {@code verify}, after the jar exists.
 */
@DisplayName("The CLI's shaded jar")
class ShadedJarIT {

    private static final List<String> TEST_LIBRARIES = List.of(
            "org/junit/", "org/assertj/", "org/opentest4j/", "net/jqwik/", "org/mockito/");

    private static List<String> entries() throws IOException {
        String configured = System.getProperty("stepwise.cli.shadedJar", "");
        assertThat(configured).as("system property stepwise.cli.shadedJar (set by failsafe)").isNotBlank();
        Path jar = Path.of(configured);
        assertThat(jar).as("the shaded jar, built in package").isRegularFile();
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName).toList();
        }
    }

    @Test
    @DisplayName("holds no test library: no JUnit, AssertJ, opentest4j, jqwik or Mockito")
    void holdsNoTestLibrary() throws IOException {
        List<String> entries = entries();

        assertThat(entries).filteredOn(entry -> TEST_LIBRARIES.stream().anyMatch(entry::startsWith)).isEmpty();
    }

    @Test
    @DisplayName("holds the CLI, the timeline it draws and the simulator it runs")
    void holdsWhatItRuns() throws IOException {
        assertThat(entries()).contains("dev/stepwise/cli/StepwiseCli.class", "dev/stepwise/timeline/Timeline.class",
                "dev/stepwise/testkit/RolloutSimulation.class", "picocli/CommandLine.class");
    }
}
