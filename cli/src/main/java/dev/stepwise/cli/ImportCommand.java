package dev.stepwise.cli;

import dev.stepwise.importer.ImportedSpec;
import dev.stepwise.importer.ManifestImporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stepwise import flagger|argo FILE... [-o OUT.yaml]}: another tool's manifests as Stepwise specs. */
@Command(name = "import",
        mixinStandardHelpOptions = true,
        versionProvider = StepwiseCli.Version.class,
        description = {"Imports Flagger Canary or Argo Rollouts Rollout manifests (with the templates they reference, "
                + "in the same or other files) as Stepwise specs.",
                "Prints the specs (several as a YAML stream) and, on standard error, what could not be carried over, "
                        + "field by field: a warning when the rollout behaves differently, an error when it cannot run.",
                "Exit status: 0 when every rollout was imported (warnings or not); 1 for an error or an unreadable "
                        + "file; 2 for a bad command line or a tool with no importer installed."})
final class ImportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "flagger|argo", description = "The tool the manifests are for.")
    String tool;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE",
            description = "YAML files, each one or more documents.")
    List<Path> files;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.yaml", description = "Write the specs here, not to standard output.")
    @Nullable Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Optional<ManifestImporter> importer = Imports.importer(tool, err);
        if (importer.isEmpty()) {
            return spec.exitCodeOnInvalidInput();
        }
        Optional<List<ImportedSpec>> specs = Imports.run(importer.get(), files, err);
        if (specs.isEmpty()) {
            return StepwiseCli.INVALID_INPUT;
        }
        String yaml = Imports.stream(specs.get());
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(yaml);
            out.flush();
            return 0;
        }
        try {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(output, yaml);
        } catch (IOException e) {
            err.println(output + ": cannot write: " + e.getMessage());
            return StepwiseCli.INVALID_INPUT;
        }
        err.println(specs.get().size() + (specs.get().size() == 1 ? " spec" : " specs") + " written to " + output);
        return 0;
    }
}
