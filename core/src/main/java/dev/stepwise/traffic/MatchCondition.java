package dev.stepwise.traffic;

import dev.stepwise.validation.InvalidValueException;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One condition on a request: a header or cookie compared to a value.
 *
 * @param source   where the value is read from
 * @param name     header or cookie name; header names are compared case-insensitively; a cookie
 *                 name must be an RFC 6265 {@code cookie-name}, see {@link #isCookieName}
 * @param operator how the value is compared
 * @param value    the expected value, prefix or regular expression (RE2-compatible subset)
 */
public record MatchCondition(Source source, String name, Operator operator, String value) {

    /** RFC 6265 {@code cookie-name}: an RFC 7230 {@code token}, one or more {@code tchar}. */
    private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

    /** Where a request value is read from. */
    public enum Source {
        HEADER("header"), COOKIE("cookie");
        private final String label;
        Source(String label) { this.label = label; }
        @JsonValue public String label() { return label; }
    }

    /** How a request value is compared. */
    public enum Operator {
        EXACT("exact"), PREFIX("prefix"), REGEX("regex");
        private final String label;
        Operator(String label) { this.label = label; }
        @JsonValue public String label() { return label; }
    }

    public MatchCondition {
        InvalidValueException.requireNonNull("source", source);
        InvalidValueException.requireNonNull("operator", operator);
        InvalidValueException.requireNonNull("value", value);
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("name", name == null ? "null" : "\"" + name + "\"",
                    "must be a non-empty " + source.label() + " name");
        }
        if (source == Source.COOKIE && !isCookieName(name)) {
            throw new InvalidValueException("name", "\"" + name + "\"", "must be a cookie name, an RFC 6265 token"
                    + " (letters, digits and !#$%&'*+-.^_`|~; no space, '=', ';', ',' or quote)");
        }
        if (operator == Operator.REGEX) {
            try {
                Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new InvalidValueException("value", "\"" + value + "\"",
                        "must be a valid regular expression (" + e.getDescription() + ")");
            }
            if (source == Source.COOKIE && (value.startsWith("^") || endsWithAnchor(value))) {
                // A mesh matches cookies inside the Cookie header (CookieMatch), where ^ and $ would
                // anchor to the header, not to this cookie's value: the rule would never match.
                throw new InvalidValueException("value", "\"" + value + "\"", "must not start with ^ or end with $: a cookie "
                        + "regex always matches the whole cookie value, so drop the anchors");
            }
        }
    }

    /** Whether {@code regex} ends in a {@code $} that is not escaped. */
    private static boolean endsWithAnchor(String regex) {
        if (!regex.endsWith("$")) {
            return false;
        }
        int backslashes = 0;
        for (int i = regex.length() - 2; i >= 0 && regex.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 0;
    }

    /**
     * Whether {@code name} can name a cookie: an RFC 6265 {@code cookie-name}, which is an RFC 7230
     * {@code token} (letters, digits and {@code !#$%&'*+-.^_`|~}). A conforming client sends no other
     * name, and a name holding {@code ;}, {@code =} or white space cannot be told apart within a
     * {@code Cookie} header; checked when a cookie condition is made.
     */
    public static boolean isCookieName(String name) {
        return name != null && COOKIE_NAME.matcher(name).matches();
    }

    public static MatchCondition header(String name, Operator operator, String value) {
        return new MatchCondition(Source.HEADER, name, operator, value);
    }

    public static MatchCondition cookie(String name, Operator operator, String value) {
        return new MatchCondition(Source.COOKIE, name, operator, value);
    }

    /** Whether {@code actual} (the request's header or cookie value, or null) satisfies this condition. */
    public boolean test(String actual) {
        if (actual == null) {
            return false;
        }
        return switch (operator) {
            case EXACT -> actual.equals(value);
            case PREFIX -> actual.startsWith(value);
            case REGEX -> Pattern.compile(value).matcher(actual).matches();
        };
    }

    @Override
    public String toString() {
        return source.label() + " " + name + " " + operator.label() + " \"" + value + "\"";
    }
}
