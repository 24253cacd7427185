package dev.stepwise.importer;

import dev.stepwise.validation.InvalidValueException;

/**
 * One field of a source manifest that an import could not carry over as it was.
 *
 * @param severity whether the imported rollout behaves differently ({@link Severity#WARNING}) or
 *                 cannot run at all ({@link Severity#ERROR})
 * @param source   the document the field is in, {@code Kind/namespace/name} (for example
 *                 {@code Canary/test/podinfo}), or the file name when the document has no name
 * @param path     the field's path in that document, for example {@code spec.analysis.mirror}
 * @param message  what differs and, where there is one, what to do about it
 */
public record ImportFinding(Severity severity, String source, String path, String message) {

    /** How much a finding matters. */
    public enum Severity {
        /** The spec runs, but not exactly as the source tool would have run it. */
        WARNING,
        /** The spec cannot be produced or cannot run: the import fails. */
        ERROR
    }

    public ImportFinding {
        InvalidValueException.requireNonNull("severity", severity);
        InvalidValueException.requireNonNull("source", source);
        InvalidValueException.requireNonNull("path", path);
        InvalidValueException.requireNonNull("message", message);
    }

    /** A warning: the rollout runs, differently. */
    public static ImportFinding warning(String source, String path, String message) {
        return new ImportFinding(Severity.WARNING, source, path, message);
    }

    /** An error: the rollout cannot run. */
    public static ImportFinding error(String source, String path, String message) {
        return new ImportFinding(Severity.ERROR, source, path, message);
    }

    /** Whether this finding fails the import. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** One line, as the CLI prints it: {@code warning: Canary/test/podinfo spec.analysis.mirror: ...}. */
    @Override
    public String toString() {
        return severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + source + " " + path + ": " + message;
    }
}
