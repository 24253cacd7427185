package dev.stepwise.mesh.istio.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.CookieMatch;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.MatchCondition.Source;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.validation.InvalidValueException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link RouteMatch}'s conditions as the {@code headers} of one Istio {@code HTTPMatchRequest}
 * (all must hold): a header condition is {@code name: {exact|prefix|regex: value}}, a cookie
 * condition a regex on the {@code cookie} header in Istio's {@link CookieMatch#CAPTURING} form.
 * Conditions keep their order.
 */
public final class HeaderMatches {

    private static final Set<String> OPERATORS = Set.of("exact", "prefix", "regex");
    /** The cookie header, in lower case as Istio requires of header names. */
    private static final String COOKIE_HEADER = CookieMatch.HEADER.toLowerCase(Locale.ROOT);
    private static final CookieMatch COOKIES = CookieMatch.CAPTURING;

    private HeaderMatches() {
    }

    /**
     * Throws unless Istio can hold {@code match} such that it reads back equal: header names in
     * lower case (Istio requires it; written otherwise, the split read back would differ and the
     * router would never see its split verified), no condition on the {@code cookie} header itself
     * (that header carries cookie conditions), and at most one condition per header.
     */
    public static void requireExpressible(RouteMatch match, int index) {
        Set<String> headers = new HashSet<>();
        for (int i = 0; i < match.conditions().size(); i++) {
            MatchCondition condition = match.conditions().get(i);
            String field = "matches[" + index + "].conditions[" + i + "]";
            String header = header(condition);
            if (condition.source() == Source.HEADER && !header.equals(condition.name())) {
                throw new InvalidValueException(field + ".name", "\"" + condition.name() + "\"",
                        "must be lower case: Istio matches header names written in lower case only");
            }
            if (condition.source() == Source.HEADER && header.equals(COOKIE_HEADER)) {
                throw new InvalidValueException(field, condition, "cannot be routed by Istio as a header condition:"
                        + " use a cookie condition, which Stepwise writes as a regex on the cookie header");
            }
            if (!headers.add(header)) {
                throw new InvalidValueException(field, condition, "cannot be routed by Istio: a match holds one"
                        + " condition per header, and this is the second on \"" + header + "\""
                        + (condition.source() == Source.COOKIE ? " (every cookie condition uses the cookie header)" : ""));
            }
        }
    }

    static ObjectNode encode(RouteMatch match) {
        ObjectNode headers = JsonNodeFactory.instance.objectNode();
        for (MatchCondition condition : match.conditions()) {
            ObjectNode value = headers.putObject(header(condition));
            if (condition.source() == Source.COOKIE) {
                value.put("regex", COOKIES.regex(condition));
            } else {
                value.put(condition.operator().label(), condition.value());
            }
        }
        return headers;
    }

    /** The conditions {@code headers} holds, read strictly. */
    static List<MatchCondition> decode(JsonNode headers, RouteShape shape, String path) {
        if (!headers.isObject() || headers.isEmpty()) {
            throw shape.invalid(path, headers, "must map at least one header name to a string match");
        }
        List<MatchCondition> conditions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            conditions.add(decode(header.getKey(), header.getValue(), shape, path + "." + header.getKey()));
        }
        return conditions;
    }

    private static MatchCondition decode(String name, JsonNode match, RouteShape shape, String path) {
        shape.object(path, match, OPERATORS);
        if (match.size() != 1) {
            throw shape.invalid(path, match, "must hold exactly one of exact, prefix, regex");
        }
        String operator = match.fieldNames().next();
        String value = shape.text(path + "." + operator, match.get(operator));
        if (name.equals(COOKIE_HEADER)) {
            Optional<MatchCondition> cookie = operator.equals("regex") ? decodeCookie(value, shape, path) : Optional.empty();
            return cookie.orElseThrow(() -> shape.invalid(path, match,
                    "must be a cookie condition in the form Stepwise writes, {regex: \"^(.*?;\\\\s*)?(name=value)(;.*)?$\"}"));
        }
        try {
            return MatchCondition.header(name, Operator.valueOf(operator.toUpperCase(Locale.ROOT)), value);
        } catch (InvalidValueException e) {
            throw shape.invalid(path, match, "must be a valid header condition (" + e.getMessage() + ")");
        }
    }

    private static Optional<MatchCondition> decodeCookie(String regex, RouteShape shape, String path) {
        try {
            return COOKIES.condition(regex);
        } catch (InvalidValueException e) {
            throw shape.invalid(path, JsonNodeFactory.instance.textNode(regex),
                    "must be a valid cookie condition (" + e.getMessage() + ")");
        }
    }

    private static String header(MatchCondition condition) {
        return condition.source() == Source.COOKIE ? COOKIE_HEADER : condition.name().toLowerCase(Locale.ROOT);
    }
}
