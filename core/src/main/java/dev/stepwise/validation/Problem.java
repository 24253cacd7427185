package dev.stepwise.validation;

/**
 * One thing wrong with a configuration or spec.
 *
 * @param path    where, e.g. {@code spec.strategy.canary.stepWeights[2]} (or a builder field name)
 * @param message what is wrong and what is allowed, e.g. {@code 30 must be greater than the previous step 50}
 */
public record Problem(String path, String message) {

    public Problem {
        path = path == null ? "" : path;
        message = message == null ? "" : message;
    }

    /** This problem with {@code prefix} put before its path, joined by a dot. */
    public Problem under(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return this;
        }
        if (path.isEmpty()) {
            return new Problem(prefix, message);
        }
        return new Problem(path.startsWith("[") ? prefix + path : prefix + "." + path, message);
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
