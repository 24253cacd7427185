package dev.stepwise.importer;

import dev.stepwise.validation.InvalidValueException;
import java.util.List;

/**
 * What an import gives: a spec per rollout imported (none when an {@linkplain
 * ImportFinding#isError() error} stops it) and every finding, in document order.
 *
 * @param specs    the specs, one per imported {@code Canary} or {@code Rollout}, in document order
 * @param findings what could not be carried over as it was, field by field
 */
public record ImportResult(List<ImportedSpec> specs, List<ImportFinding> findings) {

    public ImportResult {
        specs = List.copyOf(InvalidValueException.requireNonNull("specs", specs));
        findings = List.copyOf(InvalidValueException.requireNonNull("findings", findings));
    }

    /** Whether an error finding stops the import. */
    public boolean hasErrors() {
        return findings.stream().anyMatch(ImportFinding::isError);
    }

    /** The warnings only. */
    public List<ImportFinding> warnings() {
        return findings.stream().filter(f -> !f.isError()).toList();
    }

    @Override
    public String toString() {
        return "ImportResult[specs=" + specs.stream().map(ImportedSpec::source).toList() + ", findings="
                + findings.size() + (hasErrors() ? " (errors)" : "") + "]";
    }
}
