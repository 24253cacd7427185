package dev.stepwise.importer;

import dev.stepwise.validation.InvalidValueException;

/**
 * One Stepwise spec an import produced.
 *
 * @param source the document it was imported from, as {@link ManifestDocument#label()}
 * @param yaml   the spec document, as {@code stepwise validate} reads it
 */
public record ImportedSpec(String source, String yaml) {

    public ImportedSpec {
        InvalidValueException.requireNonNull("source", source);
        InvalidValueException.requireNonNull("yaml", yaml);
    }

    @Override
    public String toString() {
        return "ImportedSpec[" + source + ", " + yaml.length() + " chars]";
    }
}
