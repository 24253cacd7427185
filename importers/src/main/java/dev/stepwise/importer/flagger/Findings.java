package dev.stepwise.importer.flagger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.importer.ImportFinding;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The findings of one source document, in the order they were found. Not thread-safe. */
final class Findings {

    private final String source;
    private final List<ImportFinding> found = new ArrayList<>();

    Findings(String source) {
        this.source = source;
    }

    void warning(String path, String message) {
        found.add(ImportFinding.warning(source, path, message));
    }

    void error(String path, String message) {
        found.add(ImportFinding.error(source, path, message));
    }

    /**
     * A warning for every field of {@code object} (at {@code path}) that is not in {@code handled}:
     * the reason {@code reasons} gives for it, else that Stepwise has no equivalent.
     */
    void unhandled(JsonNode object, String path, Collection<String> handled, Map<String, String> reasons) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!handled.contains(name)) {
                warning(path + "." + name, reasons.getOrDefault(name, "not imported: Stepwise has no equivalent"));
            }
        }
    }

    boolean hasErrors() {
        return found.stream().anyMatch(ImportFinding::isError);
    }

    List<ImportFinding> list() {
        return List.copyOf(found);
    }

    @Override
    public String toString() {
        return "Findings[" + source + ", " + found.size() + "]";
    }
}
