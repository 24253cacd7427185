package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.strategy.Strategy;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A custom strategy that is not on the CLI's class path: its sources (src/test/plugin) compiled,
 * against the real core, into a class directory and a jar with its META-INF/services
 * registration, for {@code --classpath} to point at.
 *
 * @param classes the class directory
 * @param jar     the same classes in a jar
 */
record DoublingCanaryPlugin(Path classes, Path jar) {

    static final Path SOURCES = Path.of("src", "test", "plugin");

    /** Compiles the plug-in under {@code dir}. */
    static DoublingCanaryPlugin buildIn(Path dir) {
        try {
            Path classes = Files.createDirectories(dir.resolve("classes"));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
                    Path.of(Strategy.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString()));
            try (Stream<Path> files = Files.walk(SOURCES)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
            }
            assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("javac exit").isZero();
            Path services = Files.createDirectories(classes.resolve("META-INF").resolve("services"));
            Files.writeString(services.resolve("dev.stepwise.spec.StrategyProvider"),
                    "example.doubling.DoublingCanaryProvider\n");
            Path jar = dir.resolve("doubling-canary.jar");
            try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
                 Stream<Path> entries = Files.walk(classes)) {
                for (Path entry : entries.filter(Files::isRegularFile).toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(entry).toString().replace('\\', '/')));
                    out.write(Files.readAllBytes(entry));
                    out.closeEntry();
                }
            }
            return new DoublingCanaryPlugin(classes, jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
