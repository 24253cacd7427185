package dev.stepwise.importer.argo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.importer.ImportFinding;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where one import's findings go, for one source document at a time: findings about a
 * template's metric name the template, findings about the rollout name the rollout. The list is
 * shared by every log {@linkplain #about(String) derived} from it; a finding reported twice (a
 * template used by two steps) is kept once.
 */
final class FindingLog {

    private final String source;
    private final Set<ImportFinding> findings;
    private final AtomicBoolean failed;

    private FindingLog(String source, Set<ImportFinding> findings, AtomicBoolean failed) {
        this.source = source;
        this.findings = findings;
        this.failed = failed;
    }

    /** A log for {@code source}, writing to {@code findings}. */
    static FindingLog of(String source, Set<ImportFinding> findings) {
        return new FindingLog(source, findings, new AtomicBoolean());
    }

    /**
     * A log for another document (a template the rollout uses), writing to the same findings; an
     * error reported there is an error of this log's rollout too.
     */
    FindingLog about(String otherSource) {
        return new FindingLog(otherSource, findings, failed);
    }

    void warning(String path, String message) {
        findings.add(ImportFinding.warning(source, path, message));
    }

    void error(String path, String message) {
        findings.add(ImportFinding.error(source, path, message));
        failed.set(true);
    }

    /** Whether an error was reported through this log or one {@linkplain #about derived} from it. */
    boolean hasErrors() {
        return failed.get();
    }

    /**
     * Reports every field of {@code node} not in {@code read} as a warning at {@code path.field}
     * saying {@code why} (never dropped silently).
     */
    void notCarried(JsonNode node, String path, Collection<String> read, String why) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!read.contains(name)) {
                warning(path + "." + name, why);
            }
        }
    }

    List<ImportFinding> findings() {
        return List.copyOf(findings);
    }

    @Override
    public String toString() {
        return "FindingLog[" + source + ", " + findings.size() + " findings]";
    }
}
