package dev.stepwise.spec;

import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import dev.stepwise.validation.internal.NodeReader;
import dev.stepwise.validation.internal.ValueText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Reads the A/B test's {@code match} list. Each entry is one {@link RouteMatch} to the canary:
 * its header and cookie conditions are ANDed; entries are alternatives.
 *
 * <pre>{@code
 * match:
 *   - headers: {x-canary: {exact: insider}, x-region: {prefix: eu-}}   # both must hold
 *   - cookies: {canary: {regex: "always|yes"}}                            # or this
 * }</pre>
 */
final class MatchSpecReader {

    static final List<String> ENTRY_FIELDS = List.of("headers", "cookies");
    static final List<String> OPERATORS = List.of("exact", "prefix", "regex");

    private static final String ONE_OPERATOR = "set exactly one of " + String.join(", ", OPERATORS);
    private static final String HEADERS_AND_COOKIES_ONLY = "a match holds headers and cookies only";

    private MatchSpecReader() {
    }

    /** The entries that could be read; every problem of the others is recorded. */
    static List<RouteMatch> read(List<NodeReader> entries) {
        List<RouteMatch> matches = new ArrayList<>();
        for (NodeReader entry : entries) {
            entry.asObject().flatMap(MatchSpecReader::entry).ifPresent(matches::add);
        }
        return matches;
    }

    private static Optional<RouteMatch> entry(NodeReader entry) {
        entry.allowOnly(ENTRY_FIELDS, Map.of("uri", HEADERS_AND_COOKIES_ONLY, "method", HEADERS_AND_COOKIES_ONLY,
                "queryParams", HEADERS_AND_COOKIES_ONLY, "sourceLabels", HEADERS_AND_COOKIES_ONLY));
        List<MatchCondition> conditions = new ArrayList<>();
        entry.object("headers").ifPresent(headers -> conditions(headers, MatchCondition.Source.HEADER, conditions));
        entry.object("cookies").ifPresent(cookies -> conditions(cookies, MatchCondition.Source.COOKIE, conditions));
        if (entry.troubled()) {
            return Optional.empty();
        }
        if (conditions.isEmpty()) {
            entry.problem("must hold at least one header or cookie condition");
            return Optional.empty();
        }
        return entry.build(() -> new RouteMatch(conditions, Track.CANARY));
    }

    private static void conditions(NodeReader map, MatchCondition.Source source, List<MatchCondition> into) {
        map.entries().forEach((name, comparison) -> comparison.asObject()
                .flatMap(c -> condition(source, name, c))
                .ifPresent(into::add));
    }

    private static Optional<MatchCondition> condition(MatchCondition.Source source, String name, NodeReader comparison) {
        comparison.allowOnly(OPERATORS);
        List<String> set = OPERATORS.stream().filter(comparison::has).collect(Collectors.toList());
        if (set.isEmpty() && comparison.troubled()) {
            return Optional.empty();
        }
        if (set.size() != 1) {
            comparison.problem(set.isEmpty() ? ONE_OPERATOR : ValueText.setTogether(set) + "; " + ONE_OPERATOR);
            return Optional.empty();
        }
        String operator = set.get(0);
        Optional<String> value = comparison.string(operator);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (operator.equals("regex")) {
            try {
                Pattern.compile(value.get());
            } catch (PatternSyntaxException e) {
                comparison.problem(operator, ValueText.quote(value.get()) + " is not a valid regular expression ("
                        + e.getDescription() + " near index " + e.getIndex() + ")");
                return Optional.empty();
            }
        }
        MatchCondition.Operator op = MatchCondition.Operator.valueOf(operator.toUpperCase(Locale.ROOT));
        return comparison.build(() -> new MatchCondition(source, name, op, value.get()));
    }
}
