package dev.stepwise.mesh;

import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.MatchCondition.Source;
import dev.stepwise.validation.InvalidValueException;
import java.util.Optional;

/**
 * A cookie {@link MatchCondition} as a regular expression over the {@value #HEADER} header, and
 * back; for meshes that match headers but not cookies. The expression is
 * {@code <start><name>=<value><end>}, where {@code <name>} is the cookie name
 * {@link RegexLiteral#escape escaped}, and {@code <value>} is
 * <ul>
 *   <li>the escaped value (EXACT),</li>
 *   <li>the escaped value then {@code [^;]*} (PREFIX: the rest of this cookie's value only),</li>
 *   <li>{@code (?:<regex>)} (REGEX, the condition's expression verbatim).</li>
 * </ul>
 * {@code <start>} lets the cookie come first or after a {@code ;} (with or without white space), so
 * {@code user} does not match {@code xuser=...}; {@code <end>} lets other cookies follow. Both ends
 * are anchored, so a mesh that searches a regex rather than matching it whole behaves as
 * {@link MatchCondition#test} does. Only RE2 syntax is used, which Envoy evaluates.
 *
 * <p>An escaped literal never starts with an unescaped {@code (} nor ends in an unescaped
 * {@code [^;]*}, so the three forms cannot be confused: {@link #condition} reads back exactly the
 * condition {@link #regex} wrote, and nothing else. A cookie name is an RFC 6265 token
 * ({@link MatchCondition#isCookieName}), which {@code MatchCondition} checks when it is made.
 *
 * <p>The two constants are the same expression with different grouping; each mesh keeps the one it
 * has always written, so resources already in clusters and Git read back unchanged.
 */
public enum CookieMatch {

    /** {@code ^(?:.*;\s*)?<name>=<value>(?:;.*)?$}: Kuma's MeshHTTPRoute and Gateway API's HTTPRoute. */
    NON_CAPTURING("^(?:.*;\\s*)?", "(?:;.*)?$"),
    /** {@code ^(.*?;\s*)?(<name>=<value>)(;.*)?$}: Istio's VirtualService. */
    CAPTURING("^(.*?;\\s*)?(", ")(;.*)?$");

    /** The request header cookies travel in; header names are case-insensitive, so a mesh may write it in lower case. */
    public static final String HEADER = "Cookie";

    private static final String PREFIX_TAIL = "[^;]*";
    private static final String REGEX_HEAD = "(?:";
    private static final String REGEX_TAIL = ")";

    private final String start;
    private final String end;

    CookieMatch(String start, String end) {
        this.start = start;
        this.end = end;
    }

    /**
     * The expression over the {@value #HEADER} header that holds exactly when {@code cookie} does.
     *
     * @throws InvalidValueException when {@code cookie} is a header condition
     */
    public String regex(MatchCondition cookie) {
        InvalidValueException.requireNonNull("cookie", cookie);
        if (cookie.source() != Source.COOKIE) {
            throw new InvalidValueException("source", cookie, "must be a cookie condition");
        }
        String value = switch (cookie.operator()) {
            case EXACT -> RegexLiteral.escape(cookie.value());
            case PREFIX -> RegexLiteral.escape(cookie.value()) + PREFIX_TAIL;
            case REGEX -> REGEX_HEAD + cookie.value() + REGEX_TAIL;
        };
        return start + RegexLiteral.escape(cookie.name()) + "=" + value + end;
    }

    /**
     * The cookie condition {@link #regex} made {@code regex} from; empty when {@code regex} has any
     * other form (written by hand, or in the other constant's grouping).
     *
     * @throws InvalidValueException when it has the REGEX form but the expression inside does not compile
     */
    public Optional<MatchCondition> condition(String regex) {
        InvalidValueException.requireNonNull("regex", regex);
        if (regex.length() < start.length() + end.length() || !regex.startsWith(start) || !regex.endsWith(end)) {
            return Optional.empty();
        }
        String pair = regex.substring(start.length(), regex.length() - end.length());
        // a cookie name is a token, which holds no '=', so the first '=' ends the name
        int equals = pair.indexOf('=');
        if (equals < 1) {
            return Optional.empty();
        }
        Optional<String> name = RegexLiteral.unescape(pair.substring(0, equals)).filter(MatchCondition::isCookieName);
        String value = pair.substring(equals + 1);
        return name.flatMap(n -> condition(n, value));
    }

    private static Optional<MatchCondition> condition(String name, String value) {
        if (value.startsWith(REGEX_HEAD) && value.endsWith(REGEX_TAIL)) {
            String inner = value.substring(REGEX_HEAD.length(), value.length() - REGEX_TAIL.length());
            return Optional.of(MatchCondition.cookie(name, Operator.REGEX, inner));
        }
        if (value.endsWith(PREFIX_TAIL)) {
            return RegexLiteral.unescape(value.substring(0, value.length() - PREFIX_TAIL.length()))
                    .map(prefix -> MatchCondition.cookie(name, Operator.PREFIX, prefix));
        }
        return RegexLiteral.unescape(value).map(exact -> MatchCondition.cookie(name, Operator.EXACT, exact));
    }
}
