package dev.stepwise.mesh;

import java.util.Optional;

/**
 * A literal inside a regular expression, and back: a backslash before each of the metacharacters
 * {@value #METACHARACTERS}, which RE2 (Envoy), PCRE and Java all read as the character itself.
 * {@link #unescape} reads back exactly what {@link #escape} wrote and nothing else, so an adapter
 * can tell its own literal from a hand-written pattern.
 */
public final class RegexLiteral {

    /** The characters {@link #escape} puts a backslash before. */
    public static final String METACHARACTERS = "\\.+*?()|[]{}^$";

    private RegexLiteral() {
    }

    /** {@code literal} with a backslash before each metacharacter, so the regex matches exactly it. */
    public static String escape(String literal) {
        StringBuilder escaped = new StringBuilder(literal.length() + 8);
        for (char c : literal.toCharArray()) {
            if (METACHARACTERS.indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    /**
     * The literal {@code regex} stands for when {@link #escape} could have written it; empty when it
     * holds an unescaped metacharacter, a backslash before any other character, or a dangling one.
     */
    public static Optional<String> unescape(String regex) {
        StringBuilder literal = new StringBuilder(regex.length());
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 == regex.length() || METACHARACTERS.indexOf(regex.charAt(i + 1)) < 0) {
                    return Optional.empty();
                }
                c = regex.charAt(++i);
            } else if (METACHARACTERS.indexOf(c) >= 0) {
                return Optional.empty();
            }
            literal.append(c);
        }
        return Optional.of(literal.toString());
    }
}
