package dev.stepwise.kubernetes.internal;

import dev.stepwise.validation.InvalidValueException;
import java.util.Locale;

/**
 * The ConfigMap name of a rollout id: {@code stepwise-} and the id itself when it is already a
 * valid name part (lower-case letters, digits, '-', alphanumeric at both ends, short enough);
 * otherwise the id made valid (other characters become '-') followed by '-' and a 10-digit hash
 * of the exact id, so that {@code team/a} and {@code team-a} get different names.
 */
public final class ConfigMapNames {

    /** The prefix of every name. */
    public static final String PREFIX = "stepwise-";
    /** Longest name: a DNS label, so the name is also usable as a label value. */
    public static final int MAX_LENGTH = 63;

    private static final int HASH_LENGTH = 10;

    private ConfigMapNames() {
    }

    /** The ConfigMap name for {@code id}. */
    public static String of(String id) {
        if (id == null || id.isEmpty()) {
            throw new InvalidValueException("id", id == null ? "null" : "\"\"", "must be a non-empty rollout id");
        }
        String plain = PREFIX + id;
        if (plain.length() <= MAX_LENGTH && plain.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            return plain;
        }
        String sanitized = id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        int room = MAX_LENGTH - PREFIX.length() - HASH_LENGTH - 1;
        if (sanitized.length() > room) {
            sanitized = sanitized.substring(0, room).replaceAll("-+$", "");
        }
        String hash = Hashes.sha256Hex(id, HASH_LENGTH);
        return PREFIX + (sanitized.isEmpty() ? "" : sanitized + "-") + hash;
    }
}
