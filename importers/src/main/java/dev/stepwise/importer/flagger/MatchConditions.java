package dev.stepwise.importer.flagger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code spec.analysis.match}: Flagger's Istio-style request matches become Stepwise header and
 * cookie conditions. Headers carry over ({@code suffix} as the equivalent regex); the cookie-header
 * regex Flagger's docs use for a cookie ({@code ^(.*?;)?(canary=always)(;.*)?$}) becomes a cookie
 * condition; other request properties are reported.
 */
final class MatchConditions {

    /** The cookie idiom: a Cookie header holding {@code name=value} among other cookies. */
    private static final Pattern COOKIE_IDIOM = Pattern.compile(
            "\\^\\(\\.\\*\\?;\\)\\?\\(([A-Za-z0-9_.-]+)=([A-Za-z0-9_.-]+)\\)\\(;\\.\\*\\)\\?\\$");
    private static final Map<String, String> REASONS = Map.of(
            "sourceLabels", "not carried: Stepwise matches headers and cookies only, not the calling workload",
            "uri", "not carried: Stepwise matches headers and cookies only, not the path",
            "method", "not carried: Stepwise matches headers and cookies only, not the method",
            "queryParams", "not carried: Stepwise matches headers and cookies only, not query parameters");

    private MatchConditions() {
    }

    /** The Stepwise match entries for Flagger's {@code match} at {@code path}; entries left empty are reported. */
    static ArrayNode convert(JsonNode match, String path, Findings findings) {
        ArrayNode entries = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < match.size(); i++) {
            String at = path + "[" + i + "]";
            JsonNode entry = match.get(i);
            ObjectNode converted = JsonNodeFactory.instance.objectNode();
            JsonNode headers = entry.path("headers");
            Iterator<Map.Entry<String, JsonNode>> fields = headers.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> header = fields.next();
                condition(header.getKey(), header.getValue(), at + ".headers." + header.getKey(), converted, findings);
            }
            findings.unhandled(entry, at, List.of("headers"), REASONS);
            if (converted.isEmpty()) {
                findings.warning(at, "no header or cookie condition left: the entry is not carried");
            } else {
                entries.add(converted);
            }
        }
        return entries;
    }

    private static void condition(String name, JsonNode comparison, String path, ObjectNode entry, Findings findings) {
        if (name.equalsIgnoreCase("cookie") && comparison.has("regex")) {
            Matcher cookie = COOKIE_IDIOM.matcher(comparison.get("regex").asText());
            if (cookie.matches()) {
                child(entry, "cookies").putObject(cookie.group(1)).put("exact", cookie.group(2));
                return;
            }
        }
        ObjectNode to = child(entry, "headers").putObject(name);
        if (comparison.has("suffix")) {
            to.put("regex", ".*" + regexQuote(comparison.get("suffix").asText()));
            findings.unhandled(comparison, path, List.of("suffix"), Map.of());
            return;
        }
        for (String operator : List.of("exact", "prefix", "regex")) {
            if (comparison.has(operator)) {
                to.set(operator, comparison.get(operator));
            }
        }
        findings.unhandled(comparison, path, List.of("exact", "prefix", "regex"), Map.of());
    }

    private static ObjectNode child(ObjectNode parent, String name) {
        JsonNode existing = parent.get(name);
        return existing instanceof ObjectNode object ? object : parent.putObject(name);
    }

    /** Every regex metacharacter escaped with a backslash (RE2 and Java agree on these). */
    private static String regexQuote(String text) {
        StringBuilder quoted = new StringBuilder();
        for (char c : text.toCharArray()) {
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.toString();
    }
}
