package dev.stepwise.mesh.gatewayapi.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * How Stepwise tells its rules from the user's in a shared HTTPRoute: by {@code rules[].name}
 * (in the standard channel since Gateway API v1.2). The weighted rule is named {@code routeName};
 * the rule for request match {@code i} (0-based, in {@code TrafficSplit.matches()} order) is
 * {@code <routeName>-match-<i>}. Every other rule is the user's.
 *
 * @param routeName {@code RouteTarget.routeName()}
 */
public record ManagedRuleNames(String routeName) {

    private static final Pattern INDEX = Pattern.compile("0|[1-9][0-9]{0,8}");

    /** The name of the weighted rule. */
    public String weighted() {
        return routeName;
    }

    /** The name of the rule for request match {@code index}. */
    public String match(int index) {
        return routeName + "-match-" + index;
    }

    /** Whether {@code rule} is one of Stepwise's. */
    public boolean isManaged(JsonNode rule) {
        String name = rule.path("name").asText("");
        return name.equals(routeName) || matchIndex(name).isPresent();
    }

    /** The match index in {@code name} when it names a match rule, else empty. */
    public OptionalInt matchIndex(String name) {
        String prefix = routeName + "-match-";
        if (!name.startsWith(prefix)) {
            return OptionalInt.empty();
        }
        String index = name.substring(prefix.length());
        // at most 9 digits, so the index fits an int; an HTTPRoute holds at most 16 rules anyway
        return INDEX.matcher(index).matches() ? OptionalInt.of(Integer.parseInt(index)) : OptionalInt.empty();
    }
}
