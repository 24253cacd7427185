package dev.stepwise.cli;

import dev.stepwise.importer.ImportFinding;
import dev.stepwise.importer.ImportResult;
import dev.stepwise.importer.ImportedSpec;
import dev.stepwise.importer.ManifestImporter;
import dev.stepwise.importer.ManifestSet;
import dev.stepwise.importer.UnreadableManifestException;
import dev.stepwise.input.InputLimits;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How {@code import} and {@code plan --from} import manifests: the importer of the tool named,
 * found with {@link ServiceLoader}; every finding on standard error, one a line.
 */
final class Imports {

    private Imports() {
    }

    /** The installed importers, by tool name. */
    static TreeMap<String, ManifestImporter> installed() {
        TreeMap<String, ManifestImporter> importers = new TreeMap<>();
        ServiceLoader.load(ManifestImporter.class, Imports.class.getClassLoader())
                .forEach(importer -> importers.putIfAbsent(importer.tool(), importer));
        return importers;
    }

    /**
     * The importer of {@code tool}; empty, with why on {@code err} (naming the tools installed),
     * when none is installed.
     */
    static Optional<ManifestImporter> importer(String tool, PrintWriter err) {
        TreeMap<String, ManifestImporter> importers = installed();
        ManifestImporter importer = importers.get(tool);
        if (importer == null) {
            err.println("no importer for \"" + tool + "\" is installed; available: "
                    + (importers.isEmpty() ? "none" : String.join(", ", importers.keySet())));
        }
        return Optional.ofNullable(importer);
    }

    /**
     * The specs {@code importer} makes of {@code files}; every finding on {@code err}; empty when a
     * file cannot be read or an error stops the import.
     */
    static Optional<List<ImportedSpec>> run(ManifestImporter importer, List<Path> files, PrintWriter err) {
        ImportResult result;
        try {
            result = importer.importFrom(ManifestSet.read(files, InputLimits.ofDefaults()));
        } catch (UnreadableManifestException e) {
            err.println(e.getMessage());
            return Optional.empty();
        }
        for (ImportFinding finding : result.findings()) {
            err.println(finding);
        }
        err.flush();
        return result.hasErrors() ? Optional.empty() : Optional.of(result.specs());
    }

    /** The specs as one YAML stream, {@code ---} between documents. */
    static String stream(List<ImportedSpec> specs) {
        return specs.stream().map(ImportedSpec::yaml).collect(Collectors.joining("---\n"));
    }
}
