package dev.stepwise.cli;

import dev.stepwise.spec.StrategyProviders;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --classpath JAR|DIR[:...]}: jars and class directories holding custom strategies
 * (registered in {@code META-INF/services/dev.stepwise.spec.StrategyProvider}), for the commands
 * that read specs. Without it, only strategies on the CLI's own class path are found.
 */
final class ClassPathOption {

    @Option(names = "--classpath", paramLabel = "JAR|DIR", split = "${sys:path.separator}",
            description = "Jars and class directories with custom strategies (StrategyProvider), separated by"
                    + " '${sys:path.separator}' or given again.")
    List<Path> entries = new ArrayList<>();

    /**
     * The strategies the class path finds, in a loader the caller closes when done (the strategy's
     * classes are loaded from it while the command runs); empty, with the reason on {@code err},
     * when an entry is missing or is neither a jar nor a directory.
     */
    Optional<Plugins> open(PrintWriter err) {
        List<URL> urls = new ArrayList<>();
        for (Path entry : entries) {
            boolean jar = Files.isRegularFile(entry) && entry.getFileName().toString().endsWith(".jar");
            if (!jar && !Files.isDirectory(entry)) {
                err.println("--classpath " + entry + ": " + (Files.exists(entry) ? "neither a .jar file nor a directory"
                        : "no such file or directory"));
                return Optional.empty();
            }
            try {
                urls.add(entry.toAbsolutePath().toUri().toURL());
            } catch (MalformedURLException e) {
                err.println("--classpath " + entry + ": " + e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.of(new Plugins(new URLClassLoader(urls.toArray(URL[]::new), ClassPathOption.class.getClassLoader())));
    }

    /** The loader over the class path and the strategies it finds. */
    record Plugins(URLClassLoader loader) implements Closeable {

        StrategyProviders strategies() {
            return StrategyProviders.of(loader);
        }

        @Override
        public void close() throws IOException {
            loader.close();
        }
    }

    @Override
    public String toString() {
        return "--classpath " + String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
    }
}
