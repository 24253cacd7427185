package dev.stepwise.mesh.gatewayapi.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.MatchCondition.Source;
import dev.stepwise.validation.InvalidValueException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Writes one {@link MatchCondition} as an {@code HTTPHeaderMatch} ({@code name}, {@code type},
 * {@code value}) and reads it back. Gateway API header matches know only {@code Exact} and
 * {@code RegularExpression}, so:
 * <ul>
 *   <li>a header EXACT is {@code Exact};</li>
 *   <li>a header PREFIX {@code p} is {@code ^<p escaped>.*$};</li>
 *   <li>a header REGEX {@code r} is {@code ^(?:r)$};</li>
 *   <li>a cookie {@code n} is a {@code Cookie} header regex
 *       {@code ^(?:.*;\s*)?<n escaped>=<body>(?:;.*)?$}, the body being the escaped value (EXACT),
 *       the escaped value and {@code [^;]*} (PREFIX) or {@code (?:r)} (REGEX).</li>
 * </ul>
 * Escaping puts a backslash before each regex metacharacter, which RE2, PCRE and Java read alike.
 * An escaped literal never starts with an unescaped {@code (} nor ends in an unescaped
 * {@code [^;]*}, so the three forms cannot be confused and reading gives back exactly what was
 * written. Anchoring both ends makes implementations that search (rather than fully match) a
 * regex behave like {@link MatchCondition#test}.
 */
public final class HeaderMatchCodec {

    /** The header cookies travel in. */
    public static final String COOKIE_HEADER = "Cookie";

    /** {@code HTTPHeaderMatch.name} and a cookie name alike: an RFC 7230 token, as the CRD's pattern says. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+\\-.^_`|~]+");
    private static final int MAX_VALUE_LENGTH = 4096;
    private static final String META = "\\.+*?()|[]{}^$";
    private static final String REGEX_HEAD = "^(?:";
    private static final String REGEX_TAIL = ")$";
    private static final String PREFIX_TAIL = ".*$";
    private static final String COOKIE_HEAD = "^(?:.*;\\s*)?";
    private static final String COOKIE_TAIL = "(?:;.*)?$";
    private static final String COOKIE_PREFIX_TAIL = "[^;]*";

    private HeaderMatchCodec() {
    }

    /** The name of the header {@code condition} reads: its own, or {@value #COOKIE_HEADER}. */
    public static String headerName(MatchCondition condition) {
        return condition.source() == Source.COOKIE ? COOKIE_HEADER : condition.name();
    }

    /**
     * The header match for {@code condition}.
     *
     * @throws InvalidValueException when a Gateway API header match cannot hold it
     */
    public static ObjectNode write(MatchCondition condition, String field) {
        if (!TOKEN.matcher(condition.name()).matches()) {
            throw new InvalidValueException(field + ".name", "\"" + condition.name() + "\"",
                    "must be an HTTP token (letters, digits and !#$%&'*+-.^_`|~) to be a Gateway API "
                            + condition.source().label() + " name");
        }
        if (condition.source() == Source.HEADER && condition.name().equalsIgnoreCase(COOKIE_HEADER)) {
            throw new InvalidValueException(field + ".name", "\"" + condition.name() + "\"",
                    "must not be the Cookie header: use a cookie condition, which Stepwise writes as a Cookie header regex");
        }
        boolean exact = condition.source() == Source.HEADER && condition.operator() == Operator.EXACT;
        String value = condition.source() == Source.COOKIE ? cookieRegex(condition) : headerValue(condition);
        if (value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
            throw new InvalidValueException(field + ".value", "\"" + abbreviate(value) + "\"",
                    "must be 1 to " + MAX_VALUE_LENGTH + " characters in a Gateway API header match");
        }
        ObjectNode header = JsonNodeFactory.instance.objectNode();
        header.put("name", headerName(condition));
        header.put("type", exact ? "Exact" : "RegularExpression");
        header.put("value", value);
        return header;
    }

    /**
     * The condition {@code header} holds.
     *
     * @throws InvalidValueException when it is not in a form {@link #write} produces
     */
    public static MatchCondition read(JsonNode header, String field) {
        try {
            return readUnchecked(header, field);
        } catch (InvalidValueException e) {
            if (e.field().startsWith(field)) {
                throw e;
            }
            // the condition itself is invalid (a regex that does not compile): name where it stands
            throw new InvalidValueException(field, header.toString(), "is not a valid condition (" + e.getMessage()
                    + "); it was edited by hand");
        }
    }

    private static MatchCondition readUnchecked(JsonNode header, String field) {
        String name = header.path("name").asText("");
        String type = header.path("type").asText("Exact");
        String value = header.path("value").asText("");
        boolean cookie = name.equalsIgnoreCase(COOKIE_HEADER);
        if (type.equals("Exact") && !cookie) {
            return MatchCondition.header(name, Operator.EXACT, value);
        }
        if (type.equals("RegularExpression")) {
            Optional<MatchCondition> read = cookie ? readCookie(value) : readHeaderRegex(name, value);
            if (read.isPresent()) {
                return read.get();
            }
        }
        throw new InvalidValueException(field, header.toString(), "is not a header match Stepwise writes (" + (cookie
                ? "a Cookie header match must be a RegularExpression " + COOKIE_HEAD + "<name>=<value>" + COOKIE_TAIL
                : "Exact, or a RegularExpression ^(?:<regex>)$ or ^<escaped prefix>.*$") + "); it was edited by hand");
    }

    private static String headerValue(MatchCondition condition) {
        return switch (condition.operator()) {
            case EXACT -> condition.value();
            case PREFIX -> "^" + escape(condition.value()) + PREFIX_TAIL;
            case REGEX -> REGEX_HEAD + condition.value() + REGEX_TAIL;
        };
    }

    private static String cookieRegex(MatchCondition condition) {
        String body = switch (condition.operator()) {
            case EXACT -> escape(condition.value());
            case PREFIX -> escape(condition.value()) + COOKIE_PREFIX_TAIL;
            case REGEX -> "(?:" + condition.value() + ")";
        };
        return COOKIE_HEAD + escape(condition.name()) + "=" + body + COOKIE_TAIL;
    }

    private static Optional<MatchCondition> readHeaderRegex(String name, String value) {
        if (value.length() >= REGEX_HEAD.length() + REGEX_TAIL.length() && value.startsWith(REGEX_HEAD)
                && value.endsWith(REGEX_TAIL)) {
            String regex = value.substring(REGEX_HEAD.length(), value.length() - REGEX_TAIL.length());
            return Optional.of(MatchCondition.header(name, Operator.REGEX, regex));
        }
        if (value.length() >= 1 + PREFIX_TAIL.length() && value.startsWith("^") && value.endsWith(PREFIX_TAIL)) {
            return unescape(value.substring(1, value.length() - PREFIX_TAIL.length()))
                    .map(prefix -> MatchCondition.header(name, Operator.PREFIX, prefix));
        }
        return Optional.empty();
    }

    private static Optional<MatchCondition> readCookie(String value) {
        if (value.length() < COOKIE_HEAD.length() + COOKIE_TAIL.length() || !value.startsWith(COOKIE_HEAD)
                || !value.endsWith(COOKIE_TAIL)) {
            return Optional.empty();
        }
        String inner = value.substring(COOKIE_HEAD.length(), value.length() - COOKIE_TAIL.length());
        // cookie names are tokens, which hold no '=', so the first '=' ends the name
        int equals = inner.indexOf('=');
        if (equals < 0) {
            return Optional.empty();
        }
        Optional<String> name = unescape(inner.substring(0, equals)).filter(n -> TOKEN.matcher(n).matches());
        String body = inner.substring(equals + 1);
        return name.flatMap(n -> readCookieBody(n, body));
    }

    private static Optional<MatchCondition> readCookieBody(String name, String body) {
        if (body.length() >= 4 && body.startsWith("(?:") && body.endsWith(")")) {
            return Optional.of(MatchCondition.cookie(name, Operator.REGEX, body.substring(3, body.length() - 1)));
        }
        if (body.endsWith(COOKIE_PREFIX_TAIL)) {
            Optional<String> prefix = unescape(body.substring(0, body.length() - COOKIE_PREFIX_TAIL.length()));
            if (prefix.isPresent()) {
                return Optional.of(MatchCondition.cookie(name, Operator.PREFIX, prefix.get()));
            }
        }
        return unescape(body).map(exact -> MatchCondition.cookie(name, Operator.EXACT, exact));
    }

    /** {@code text} with a backslash before each regex metacharacter. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            if (META.indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    /** The literal {@code regex} matches when it is one {@link #escape} wrote, else empty. */
    static Optional<String> unescape(String regex) {
        StringBuilder literal = new StringBuilder(regex.length());
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 == regex.length() || META.indexOf(regex.charAt(i + 1)) < 0) {
                    return Optional.empty();
                }
                literal.append(regex.charAt(++i));
            } else if (META.indexOf(c) >= 0) {
                return Optional.empty();
            } else {
                literal.append(c);
            }
        }
        return Optional.of(literal.toString());
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
