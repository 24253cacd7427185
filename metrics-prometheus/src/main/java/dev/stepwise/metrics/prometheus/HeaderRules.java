package dev.stepwise.metrics.prometheus;

import dev.stepwise.validation.InvalidValueException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Header name and value rules shared by the key-based and builder-based configurations. */
final class HeaderRules {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Set<String> FORBIDDEN = Set.of("authorization", "host", "connection", "content-length",
            "expect", "upgrade");

    private HeaderRules() {
    }

    static void check(String key, String name, String value) {
        if (!TOKEN.matcher(name).matches()) {
            throw new InvalidValueException(key, "\"" + name + "\"", "is not a valid header name");
        }
        if (FORBIDDEN.contains(name.toLowerCase(Locale.ROOT))) {
            throw new InvalidValueException(key, name, "may not be set as an extra header"
                    + (name.equalsIgnoreCase("authorization") ? "; use bearerToken or basicAuth" : ""));
        }
        if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            // the value may be a secret (a tenant token), so it is not shown
            throw new InvalidValueException(key, name, "has a value with a line break");
        }
    }
}
