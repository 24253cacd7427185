package dev.stepwise.git.jgit.internal;

import dev.stepwise.validation.InvalidValueException;

/** Checks paths inside the repository: relative, '/'-separated, no empty, '.' or '..' segment, nothing under {@code .git}. */
public final class RepoPaths {

    private RepoPaths() {
    }

    /** {@code path} if it names a file inside the repository, else an {@link InvalidValueException} naming {@code field}. */
    public static String requireFile(String field, String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.contains("\\")
                || path.chars().anyMatch(c -> c < 0x20)) {
            throw new InvalidValueException(field, path, "must be a relative '/'-separated path to a file");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.equalsIgnoreCase(".git")) {
                throw new InvalidValueException(field, path, "must not have an empty, '.', '..' or '.git' segment");
            }
        }
        return path;
    }

    /** {@code path} if empty (the whole repository) or a valid path, without a trailing '/'. */
    public static String requireDirectoryOrRoot(String field, String path) {
        if (path == null) {
            throw new InvalidValueException(field, "null", "is required (empty for the whole repository)");
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.isEmpty() ? "" : requireFile(field, trimmed);
    }
}
