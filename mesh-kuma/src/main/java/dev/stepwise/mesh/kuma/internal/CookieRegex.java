package dev.stepwise.mesh.kuma.internal;

import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Cookie conditions as regular expressions on the {@code cookie} header, because Kuma's
 * MeshHTTPRoute matches headers but not cookies. The expression has one recognisable form, so that
 * {@link #parse} can turn it back into the condition:
 * <pre>
 *   ^(?:.*;\s*)?NAME=VALUE(?:;.*)?$         exact (NAME and VALUE with regex metacharacters escaped)
 *   ^(?:.*;\s*)?NAME=VALUE[^;]*(?:;.*)?$    prefix
 *   ^(?:.*;\s*)?NAME=(?:REGEX)(?:;.*)?$     regex (the condition's expression, verbatim)
 * </pre>
 * The leading group anchors NAME at the start of the header or after a {@code ;}, so {@code user}
 * does not match {@code xuser=...}. Only RE2 syntax is used (Envoy evaluates it with RE2).
 */
final class CookieRegex {

    /** The header carrying cookies. */
    static final String HEADER = "cookie";

    private static final String START = "^(?:.*;\\s*)?";
    private static final String END = "(?:;.*)?$";
    private static final String PREFIX_TAIL = "[^;]*";
    private static final String METACHARACTERS = "\\.+*?()|[]{}^$";
    /** RFC 6265 cookie-name: an RFC 7230 token. */
    private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

    private CookieRegex() {
    }

    /** Whether {@code name} can be a cookie name (an RFC 7230 token). */
    static boolean isValidName(String name) {
        return COOKIE_NAME.matcher(name).matches();
    }

    /** The expression matching a cookie header that satisfies {@code condition} (a cookie condition). */
    static String of(MatchCondition condition) {
        String body = switch (condition.operator()) {
            case EXACT -> escape(condition.value());
            case PREFIX -> escape(condition.value()) + PREFIX_TAIL;
            case REGEX -> "(?:" + condition.value() + ")";
        };
        return START + escape(condition.name()) + "=" + body + END;
    }

    /** The cookie condition {@code regex} was made from by {@link #of}, or empty when it has another form. */
    static Optional<MatchCondition> parse(String regex) {
        if (!regex.startsWith(START) || !regex.endsWith(END)) {
            return Optional.empty();
        }
        String middle = regex.substring(START.length(), regex.length() - END.length());
        int equals = middle.indexOf('=');
        if (equals <= 0) {
            return Optional.empty();
        }
        Optional<String> name = unescape(middle.substring(0, equals)).filter(CookieRegex::isValidName);
        String body = middle.substring(equals + 1);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        if (body.startsWith("(?:") && body.endsWith(")")) {
            return Optional.of(MatchCondition.cookie(name.get(), Operator.REGEX, body.substring(3, body.length() - 1)));
        }
        if (body.endsWith(PREFIX_TAIL)) {
            Optional<String> prefix = unescape(body.substring(0, body.length() - PREFIX_TAIL.length()));
            if (prefix.isPresent()) {
                return Optional.of(MatchCondition.cookie(name.get(), Operator.PREFIX, prefix.get()));
            }
        }
        return unescape(body).map(value -> MatchCondition.cookie(name.get(), Operator.EXACT, value));
    }

    private static String escape(String literal) {
        StringBuilder sb = new StringBuilder(literal.length() + 8);
        for (char c : literal.toCharArray()) {
            if (METACHARACTERS.indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** The literal {@code escaped} stands for, or empty when it holds an unescaped metacharacter. */
    private static Optional<String> unescape(String escaped) {
        StringBuilder sb = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '\\') {
                if (i + 1 == escaped.length() || METACHARACTERS.indexOf(escaped.charAt(i + 1)) < 0) {
                    return Optional.empty();
                }
                sb.append(escaped.charAt(++i));
            } else if (METACHARACTERS.indexOf(c) >= 0) {
                return Optional.empty();
            } else {
                sb.append(c);
            }
        }
        return Optional.of(sb.toString());
    }
}
