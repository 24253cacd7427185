package dev.stepwise.git.jgit.internal;

import dev.stepwise.git.jgit.GitOperationException;
import dev.stepwise.secret.internal.Secrets;
import java.util.List;

/**
 * Turns JGit's failures into {@link GitOperationException}s that never carry a secret: every
 * occurrence of one, as written, URL-encoded or in base64 ({@link Secrets}), is replaced by
 * {@code ***}, and the original exception is kept as the cause
 * only when no message in its chain contains one.
 *
 * @param secrets the strings to hide (tokens, passwords)
 */
public record Redactor(List<String> secrets) {

    public Redactor {
        secrets = List.copyOf(secrets);
    }

    /** {@code text} with every form of every secret replaced by {@code ***}. */
    public String redact(String text) {
        return Secrets.of(secrets).scrub(text);
    }

    /** A failure of {@code operation}, with the messages of {@code failure}'s chain, redacted. */
    public GitOperationException failure(String operation, Throwable failure) {
        StringBuilder message = new StringBuilder(operation).append(" failed");
        boolean leaks = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            leaks |= !redact(text).equals(text);
            if (message.indexOf(text) < 0) {
                message.append(": ").append(text);
            }
        }
        String redacted = redact(message.toString());
        return leaks ? new GitOperationException(redacted) : new GitOperationException(redacted, failure);
    }
}
