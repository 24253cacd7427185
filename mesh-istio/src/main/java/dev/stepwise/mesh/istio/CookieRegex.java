package dev.stepwise.mesh.istio;

import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cookie condition as a regex on the {@code cookie} header, since Istio cannot match cookies:
 * {@code ^(.*?;\s*)?(NAME=VALUE)(;.*)?$}, where {@code VALUE} is the escaped literal (exact), the
 * escaped literal then {@code [^;]*} (prefix), or {@code (?:REGEX)} (regex). The cookie may come
 * first, last or between others, with or without a space after the {@code ;}. Names and literals
 * are escaped with backslashes only, so {@link #decode} reads back exactly the condition encoded.
 *
 * <p>A regex value is matched against the rest of the cookie pair, so a pattern such as
 * {@code a.*} may also consume the cookies after it; write {@code a[^;]*} to stay within one.
 */
final class CookieRegex {

    static final String HEADER = "cookie";

    private static final String BEFORE = "^(.*?;\\s*)?(";
    private static final String AFTER = ")(;.*)?$";
    private static final String PREFIX_TAIL = "[^;]*";
    private static final String META = "\\^$.|?*+()[]{}";
    private static final Pattern SHAPE = Pattern.compile(Pattern.quote(BEFORE) + "(.*)" + Pattern.quote(AFTER),
            Pattern.DOTALL);

    private CookieRegex() {
    }

    /** Whether {@code name} can be a cookie name: no {@code =}, {@code ;}, {@code ,} or white space. */
    static boolean isCookieName(String name) {
        return name.chars().noneMatch(c -> c == '=' || c == ';' || c == ',' || Character.isWhitespace(c));
    }

    static String encode(MatchCondition cookie) {
        String value = switch (cookie.operator()) {
            case EXACT -> escape(cookie.value());
            case PREFIX -> escape(cookie.value()) + PREFIX_TAIL;
            case REGEX -> "(?:" + cookie.value() + ")";
        };
        return BEFORE + escape(cookie.name()) + "=" + value + AFTER;
    }

    /** The cookie condition {@code regex} encodes, or empty when it is not in the form {@link #encode} writes. */
    static Optional<MatchCondition> decode(String regex) {
        Matcher shape = SHAPE.matcher(regex);
        if (!shape.matches()) {
            return Optional.empty();
        }
        String pair = shape.group(1);
        int equals = pair.indexOf('=');
        if (equals < 1) {
            return Optional.empty();
        }
        Optional<String> name = unescape(pair.substring(0, equals)).filter(CookieRegex::isCookieName);
        String value = pair.substring(equals + 1);
        Optional<MatchCondition> condition;
        if (value.startsWith("(?:") && value.endsWith(")")) {
            condition = name.map(n -> MatchCondition.cookie(n, Operator.REGEX, value.substring(3, value.length() - 1)));
        } else if (value.endsWith(PREFIX_TAIL)) {
            condition = literal(name, Operator.PREFIX, value.substring(0, value.length() - PREFIX_TAIL.length()));
        } else {
            condition = literal(name, Operator.EXACT, value);
        }
        return condition;
    }

    private static Optional<MatchCondition> literal(Optional<String> name, Operator operator, String escaped) {
        return name.flatMap(n -> unescape(escaped).map(v -> MatchCondition.cookie(n, operator, v)));
    }

    static String escape(String literal) {
        StringBuilder escaped = new StringBuilder(literal.length() + 8);
        for (char c : literal.toCharArray()) {
            if (META.indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    /** The literal {@code escaped} stands for, or empty if it holds an unescaped metacharacter. */
    static Optional<String> unescape(String escaped) {
        StringBuilder literal = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '\\') {
                if (i + 1 == escaped.length() || META.indexOf(escaped.charAt(i + 1)) < 0) {
                    return Optional.empty();
                }
                c = escaped.charAt(++i);
            } else if (META.indexOf(c) >= 0) {
                return Optional.empty();
            }
            literal.append(c);
        }
        return Optional.of(literal.toString());
    }
}
