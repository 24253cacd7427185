package dev.stepwise.importer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.input.InputLimits;
import dev.stepwise.input.internal.DocumentReader;
import dev.stepwise.input.internal.UnreadableDocumentException;
import dev.stepwise.validation.InvalidValueException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The documents of one import: every document of every file given, in order (a {@code Rollout}
 * and its {@code AnalysisTemplate}s may be in one file or several). Immutable.
 *
 * @param documents the documents, file by file, each file's in order
 */
public record ManifestSet(List<ManifestDocument> documents) {

    public ManifestSet {
        documents = List.copyOf(InvalidValueException.requireNonNull("documents", documents));
    }

    /**
     * Reads {@code files}, each a YAML stream (JSON is YAML too), bounded by {@code limits} per file.
     *
     * @throws UnreadableManifestException naming the file when one is missing, not a regular
     *                                     file, past a limit or not YAML
     */
    public static ManifestSet read(List<Path> files, InputLimits limits) {
        DocumentReader reader = DocumentReader.of(limits);
        List<ManifestDocument> documents = new ArrayList<>();
        for (Path file : files) {
            String text;
            try {
                text = reader.readFile(file);
            } catch (IOException e) {
                throw new UnreadableManifestException(file + ": cannot be read (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
            } catch (UnreadableDocumentException e) {
                throw new UnreadableManifestException(file + ": " + e.getMessage(), e);
            }
            documents.addAll(parse(file.toString(), text, reader));
        }
        return new ManifestSet(documents);
    }

    /** Reads {@code files} within {@link InputLimits#ofDefaults()}. */
    public static ManifestSet read(List<Path> files) {
        return read(files, InputLimits.ofDefaults());
    }

    /** The documents of one text, named {@code name} in findings (for tests and embedding). */
    public static ManifestSet of(String name, String yaml) {
        return new ManifestSet(parse(name, yaml, DocumentReader.ofDefaults()));
    }

    /** The documents of {@code kind} (for example {@code Canary}), in order. */
    public List<ManifestDocument> ofKind(String kind) {
        return documents.stream().filter(d -> d.kind().equals(kind)).toList();
    }

    private static List<ManifestDocument> parse(String name, String text, DocumentReader reader) {
        List<JsonNode> trees;
        try {
            trees = reader.parseAll(text);
        } catch (UnreadableDocumentException e) {
            throw new UnreadableManifestException(name + ": " + e.getMessage(), e);
        }
        List<ManifestDocument> documents = new ArrayList<>();
        for (int i = 0; i < trees.size(); i++) {
            documents.add(new ManifestDocument(name, i, trees.get(i)));
        }
        return documents;
    }

    @Override
    public String toString() {
        return "ManifestSet" + documents.stream().map(ManifestDocument::label).toList();
    }
}
