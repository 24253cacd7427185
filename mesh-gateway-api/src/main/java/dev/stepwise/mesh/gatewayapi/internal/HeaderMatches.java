package dev.stepwise.mesh.gatewayapi.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.CookieMatch;
import dev.stepwise.mesh.RegexLiteral;
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
 *   <li>a cookie is a {@code Cookie} header regex in the {@link CookieMatch#NON_CAPTURING} form.</li>
 * </ul>
 * Literals are escaped by {@link RegexLiteral}, so reading gives back exactly what was written.
 * Anchoring both ends makes implementations that search (rather than fully match) a regex behave
 * like {@link MatchCondition#test}.
 */
public final class HeaderMatches {

    /** The header cookies travel in. */
    public static final String COOKIE_HEADER = CookieMatch.HEADER;

    /** {@code HTTPHeaderMatch.name}: an RFC 7230 token, as the CRD's pattern says (cookie names are tokens too). */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+\\-.^_`|~]+");
    private static final int MAX_VALUE_LENGTH = 4096;
    private static final String REGEX_HEAD = "^(?:";
    private static final String REGEX_TAIL = ")$";
    private static final String PREFIX_TAIL = ".*$";
    private static final CookieMatch COOKIES = CookieMatch.NON_CAPTURING;

    private HeaderMatches() {
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
        String value = condition.source() == Source.COOKIE ? COOKIES.regex(condition) : headerValue(condition);
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
            Optional<MatchCondition> read = cookie ? COOKIES.condition(value) : readHeaderRegex(name, value);
            if (read.isPresent()) {
                return read.get();
            }
        }
        throw new InvalidValueException(field, header.toString(), "is not a header match Stepwise writes (" + (cookie
                ? "a Cookie header match must be a RegularExpression ^(?:.*;\\s*)?<name>=<value>(?:;.*)?$"
                : "Exact, or a RegularExpression ^(?:<regex>)$ or ^<escaped prefix>.*$") + "); it was edited by hand");
    }

    private static String headerValue(MatchCondition condition) {
        return switch (condition.operator()) {
            case EXACT -> condition.value();
            case PREFIX -> "^" + RegexLiteral.escape(condition.value()) + PREFIX_TAIL;
            case REGEX -> REGEX_HEAD + condition.value() + REGEX_TAIL;
        };
    }

    private static Optional<MatchCondition> readHeaderRegex(String name, String value) {
        if (value.length() >= REGEX_HEAD.length() + REGEX_TAIL.length() && value.startsWith(REGEX_HEAD)
                && value.endsWith(REGEX_TAIL)) {
            String regex = value.substring(REGEX_HEAD.length(), value.length() - REGEX_TAIL.length());
            return Optional.of(MatchCondition.header(name, Operator.REGEX, regex));
        }
        if (value.length() >= 1 + PREFIX_TAIL.length() && value.startsWith("^") && value.endsWith(PREFIX_TAIL)) {
            return RegexLiteral.unescape(value.substring(1, value.length() - PREFIX_TAIL.length()))
                    .map(prefix -> MatchCondition.header(name, Operator.PREFIX, prefix));
        }
        return Optional.empty();
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
