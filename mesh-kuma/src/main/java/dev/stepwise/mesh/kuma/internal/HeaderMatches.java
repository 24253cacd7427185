package dev.stepwise.mesh.kuma.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.CookieMatch;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.MatchCondition.Source;
import dev.stepwise.validation.InvalidValueException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Request conditions as the {@code headers} of a MeshHTTPRoute match. Header names are written in
 * lower case, as Kuma requires (it compares them case-insensitively), so they read back in lower
 * case. Cookie conditions become regular expressions on the {@code cookie} header in the
 * {@link CookieMatch#NON_CAPTURING} form.
 */
final class HeaderMatches {

    /** Kuma's pattern for a header name in a match (an RFC 7230 token in lower case). */
    private static final Pattern KUMA_HEADER_NAME = Pattern.compile("[a-z0-9!#$%&'*+\\-.^_`|~]{1,256}");
    private static final Set<String> HEADER_FIELDS = Set.of("name", "type", "value");
    /** The cookie header, in lower case as Kuma requires of header names. */
    private static final String COOKIE_HEADER = CookieMatch.HEADER.toLowerCase(Locale.ROOT);
    private static final CookieMatch COOKIES = CookieMatch.NON_CAPTURING;

    private HeaderMatches() {
    }

    /** The {@code headers} list for {@code conditions}; {@code path} names them in errors. */
    static ArrayNode render(List<MatchCondition> conditions, String path) {
        ArrayNode headers = Shape.array();
        for (int i = 0; i < conditions.size(); i++) {
            headers.add(renderOne(conditions.get(i), path + "[" + i + "]"));
        }
        return headers;
    }

    /** The conditions of a {@code headers} list written by {@link #render}. */
    static List<MatchCondition> parse(JsonNode headers, String path) {
        ArrayNode list = Shape.requireArray(headers, path);
        if (list.isEmpty()) {
            throw Shape.unexpected(path, headers, "must hold at least one header match");
        }
        List<MatchCondition> conditions = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            conditions.add(parseOne(list.get(i), path + "[" + i + "]"));
        }
        return conditions;
    }

    private static ObjectNode renderOne(MatchCondition condition, String path) {
        ObjectNode header = Shape.object();
        if (condition.source() == Source.COOKIE) {
            header.put("name", COOKIE_HEADER);
            header.put("type", "RegularExpression");
            header.put("value", COOKIES.regex(condition));
            return header;
        }
        String name = condition.name().toLowerCase(Locale.ROOT);
        if (!KUMA_HEADER_NAME.matcher(name).matches()) {
            throw new InvalidValueException(path + ".name", "\"" + condition.name() + "\"",
                    "must be an HTTP header name Kuma accepts (letters, digits and !#$%&'*+-.^_`|~, at most 256)");
        }
        header.put("name", name);
        header.put("type", kumaType(condition.operator()));
        header.put("value", condition.value());
        return header;
    }

    private static MatchCondition parseOne(JsonNode node, String path) {
        ObjectNode header = Shape.requireObject(node, path);
        Shape.requireOnlyFields(header, path, HEADER_FIELDS);
        String name = Shape.requireText(header.path("name"), path + ".name");
        // Exact is the schema's default, which the API server fills in when the field is left out.
        String type = header.has("type") ? Shape.requireText(header.get("type"), path + ".type") : "Exact";
        String value = Shape.requireText(header.path("value"), path + ".value");
        Operator operator = operator(type, header.get("type"), path + ".type");
        if (name.equalsIgnoreCase(COOKIE_HEADER) && operator == Operator.REGEX) {
            var cookie = COOKIES.condition(value);
            if (cookie.isPresent()) {
                return cookie.get();
            }
        }
        try {
            return MatchCondition.header(name.toLowerCase(Locale.ROOT), operator, value);
        } catch (InvalidValueException e) {
            throw Shape.unexpected(path, header, "must be a valid header condition (" + e.getMessage() + ")");
        }
    }

    private static String kumaType(Operator operator) {
        return switch (operator) {
            case EXACT -> "Exact";
            case PREFIX -> "Prefix";
            case REGEX -> "RegularExpression";
        };
    }

    private static Operator operator(String type, JsonNode node, String path) {
        return switch (type) {
            case "Exact" -> Operator.EXACT;
            case "Prefix" -> Operator.PREFIX;
            case "RegularExpression" -> Operator.REGEX;
            default -> throw Shape.unexpected(path, node, "must be Exact, Prefix or RegularExpression");
        };
    }
}
