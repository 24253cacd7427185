package dev.stepwise.importer;

/** A file given to an import cannot be read as YAML documents; the message names the file and why. */
public final class UnreadableManifestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnreadableManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
