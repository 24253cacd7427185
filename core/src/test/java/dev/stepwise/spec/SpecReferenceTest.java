package dev.stepwise.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.input.InputLimits;
import dev.stepwise.validation.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The spec reference (src/site/markdown/spec-reference.md) cannot drift from the reader: the
 * paths the reader accepts (its field lists, walked from the root) are exactly the paths the
 * reference lists; each listed path is accepted by the real reader, which refuses an unknown
 * field next to it; each row names a type; each enumeration lists every choice; and each default
 * written as one literal (optionally followed by a remark in parentheses) is what the spec is
 * written back with.
 */
@DisplayName("The spec reference in src/site/markdown/spec-reference.md")
class SpecReferenceTest {

    static final Path REFERENCE = Path.of("..", "src", "site", "markdown", "spec-reference.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|([^|]*)\\|([^|]*)\\|([^|]*)\\|$");
    private static final Pattern ONE_LITERAL = Pattern.compile("`([^`]+)`( \\([^`]*\\))?");
    private static final String ANY_KEY = "<";

    record Row(String path, String type, String defaultValue, String allowed) {
    }

    /** The reference's rows, by path, in order. */
    static Map<String, Row> rows() throws IOException {
        if (!Files.isRegularFile(REFERENCE)) {
            fail("the spec reference " + REFERENCE.toAbsolutePath().normalize() + " is missing");
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(REFERENCE)) {
            Matcher m = ROW.matcher(line.strip());
            if (m.matches() && rows.put(m.group(1), new Row(m.group(1), m.group(2).strip(), m.group(3).strip(),
                    m.group(4).strip())) != null) {
                fail("the reference lists " + m.group(1) + " twice");
            }
        }
        return rows;
    }

    /** Each object the reader reads, by path, with the fields it accepts (the reader's own lists). */
    static Map<String, List<String>> accepted() {
        Map<String, List<String>> objects = new LinkedHashMap<>();
        objects.put("", RolloutSpecReader.TOP_FIELDS);
        objects.put("metadata", RolloutSpecReader.METADATA_FIELDS);
        objects.put("spec", RolloutSpecReader.SPEC_FIELDS);
        objects.put("spec.target", RolloutSpecReader.TARGET_FIELDS);
        objects.put("spec.strategy", StrategySpecReader.DECLARABLE);
        objects.put("spec.strategy.custom", List.of(StrategySpecReader.CUSTOM_TYPE, "<field>"));
        objects.put("spec.strategy.canary", StrategySpecReader.CANARY_FIELDS);
        objects.put("spec.strategy.blueGreen", StrategySpecReader.BLUE_GREEN_FIELDS);
        objects.put("spec.strategy.canary.steps", List.of("[]"));
        objects.put("spec.strategy.canary.steps[]", StepsSpecReader.STEP_KEYS);
        objects.put("spec.strategy.canary.steps[].pause", StepsSpecReader.PAUSE_FIELDS);
        objects.put("spec.strategy.canary.steps[].analysis", StepsSpecReader.ANALYSIS_FIELDS);
        objects.put("spec.strategy.canary.steps[].analysis.metrics", List.of("[]"));
        objects.put("spec.strategy.canary.steps[].analysis.metrics[]", AnalysisSpecReader.METRIC_FIELDS);
        objects.put("spec.strategy.canary.steps[].analysis.metrics[].thresholdRange", AnalysisSpecReader.RANGE_FIELDS);
        objects.put("spec.strategy.canary.steps[].setHeaderRoute", StepsSpecReader.HEADER_ROUTE_FIELDS);
        objects.put("spec.strategy.canary.steps[].setHeaderRoute.match", List.of("[]"));
        objects.put("spec.strategy.canary.steps[].setHeaderRoute.match[]", StepsSpecReader.HEADER_MATCH_FIELDS);
        objects.put("spec.strategy.canary.steps[].setHeaderRoute.match[].headerValue", MatchSpecReader.OPERATORS);
        objects.put("spec.strategy.canary.steps[].setMirrorRoute", StepsSpecReader.MIRROR_ROUTE_FIELDS);
        objects.put("spec.strategy.canary.steps[].setCanaryScale", StepsSpecReader.CANARY_SCALE_FIELDS);
        objects.put("spec.strategy.rolling", StrategySpecReader.ROLLING_FIELDS);
        objects.put("spec.strategy.abTest", StrategySpecReader.AB_TEST_FIELDS);
        objects.put("spec.strategy.abTest.match", List.of("[]"));
        objects.put("spec.strategy.abTest.match[]", MatchSpecReader.ENTRY_FIELDS);
        for (String source : MatchSpecReader.ENTRY_FIELDS) {
            objects.put("spec.strategy.abTest.match[]." + source, List.of("<name>"));
            objects.put("spec.strategy.abTest.match[]." + source + ".<name>", MatchSpecReader.OPERATORS);
        }
        objects.put("spec.analysis", AnalysisSpecReader.FIELDS);
        objects.put("spec.analysis.noData", AnalysisSpecReader.NO_DATA_FIELDS);
        objects.put("spec.analysis.metrics", List.of("[]"));
        objects.put("spec.analysis.metrics[]", AnalysisSpecReader.METRIC_FIELDS);
        objects.put("spec.analysis.metrics[].thresholdRange", AnalysisSpecReader.RANGE_FIELDS);
        objects.put("spec.analysis.webhooks", List.of("[]"));
        objects.put("spec.analysis.webhooks[]", AnalysisSpecReader.WEBHOOK_FIELDS);
        objects.put("spec.analysis.webhooks[].metadata", List.of("<key>"));
        objects.put("spec.analysis.judges", List.of("[]"));
        objects.put("spec.analysis.judges[]", Stream.of(JudgeSpec.FIELDS, MannWhitneySpec.FIELDS).flatMap(List::stream)
                .distinct().collect(Collectors.toList()));
        objects.put("spec.analysis.judges[].effect", JudgeSpec.EFFECT_FIELDS);
        objects.put("spec.analysis.judges[].metrics", List.of("[]"));
        objects.put("spec.analysis.judges[].metrics[]", MannWhitneySpec.METRIC_FIELDS);
        objects.put("spec.analysis.judges[].metrics[].tolerance", MannWhitneySpec.TOLERANCE_FIELDS);
        objects.put("spec.analysis.judges[].outliers", MannWhitneySpec.OUTLIER_FIELDS);
        objects.put("spec.service", ServiceSpecReader.FIELDS);
        objects.put("spec.service.parentRefs", List.of("[]"));
        objects.put("spec.service.parentRefs[]", ServiceSpecReader.PARENT_REF_FIELDS);
        objects.put("spec.service.trackServices", ServiceSpecReader.TRACK_FIELDS);
        objects.put("spec.provider", Stream.of(ProviderSpecReader.ISTIO_FIELDS, ProviderSpecReader.KUMA_FIELDS,
                ProviderSpecReader.GATEWAY_API_FIELDS).flatMap(List::stream).distinct().collect(Collectors.toList()));
        objects.put("spec.metricsServer", MetricsServerSpecReader.FIELDS);
        objects.put("spec.metricsServer.basicAuth", MetricsServerSpecReader.BASIC_AUTH_FIELDS);
        for (String secret : List.of("spec.metricsServer.bearerToken", "spec.metricsServer.basicAuth.password")) {
            objects.put(secret, MetricsServerSpecReader.REF_FIELDS);
            objects.put(secret + ".secretKeyRef", MetricsServerSpecReader.SECRET_KEY_FIELDS);
        }
        objects.put("spec.delivery", DeliverySpec.KINDS);
        objects.put("spec.delivery.git", DeliverySpecReader.GIT_FIELDS);
        return objects;
    }

    /** Every path the reader accepts: each field of each object it reads; list items as {@code a[]}. */
    static TreeSet<String> acceptedPaths() {
        TreeSet<String> paths = new TreeSet<>();
        accepted().forEach((parent, fields) -> fields.stream()
                .filter(field -> !field.equals("[]"))
                .map(field -> (parent.isEmpty() ? "" : parent + (parent.endsWith("]") || !fields.contains("[]") ? "." : "")) + field)
                .forEach(paths::add));
        accepted().forEach((parent, fields) -> {
            if (fields.equals(List.of("[]"))) {
                paths.add(parent + "[]");
            }
        });
        return paths;
    }

    @Test
    @DisplayName("lists every path the reader accepts, and no other")
    void listsExactlyTheAcceptedPaths() throws IOException {
        TreeSet<String> documented = new TreeSet<>(rows().keySet());
        TreeSet<String> accepted = acceptedPaths();

        TreeSet<String> missing = new TreeSet<>(accepted);
        missing.removeAll(documented);
        TreeSet<String> extra = new TreeSet<>(documented);
        extra.removeAll(accepted);
        assertThat(missing).as("accepted by the reader but not in the reference").isEmpty();
        assertThat(extra).as("in the reference but not accepted by the reader").isEmpty();
    }

    @TestFactory
    @DisplayName("lists only paths the real reader accepts, in an object where it refuses an unknown field")
    Stream<DynamicTest> everyPathIsAccepted() throws IOException {
        return rows().keySet().stream().filter(path -> !path.endsWith("[]")).map(path -> DynamicTest.dynamicTest(path, () -> {
            ObjectNode tree = base();
            String concrete = concrete(path);
            put(tree, concrete);
            markMannWhitney(tree, concrete);
            String parent = concrete.contains(".") ? concrete.substring(0, concrete.lastIndexOf('.')) : "";
            // a custom strategy's provider reads its fields; for a type not installed, nobody checks them
            boolean freeKeys = path.endsWith(">") || path.startsWith("spec.strategy.custom.");
            if (!freeKeys) {
                put(tree, (parent.isEmpty() ? "" : parent + ".") + "zzUnknown");
            }
            List<String> unknown = problems(tree).stream().filter(p -> p.message().startsWith("unknown field"))
                    .map(Problem::path).collect(Collectors.toList());
            assertThat(unknown).as("unknown fields reported").doesNotContain(concrete);
            if (!freeKeys) {
                assertThat(unknown).as("the reader checks the fields of %s", parent.isEmpty() ? "the root" : parent)
                        .contains((parent.isEmpty() ? "" : parent + ".") + "zzUnknown");
            }
        }));
    }

    @Test
    @DisplayName("names a type for every field, and the enumerations in full")
    void typesAndChoices() throws IOException {
        Map<String, Row> rows = rows();
        rows.values().forEach(row -> assertThat(row.type()).as("type of %s", row.path()).isNotBlank());
        assertChoices(rows.get("spec.target.kind").allowed(), RolloutSpec.Target.KINDS);
        assertChoices(rows.get("spec.provider").allowed(), ProviderSpec.NAMES);
        assertChoices(rows.get("spec.analysis.webhooks[].type").allowed(), AnalysisSpecReader.HOOK_TYPES);
        assertChoices(rows.get("spec.delivery.git.mode").allowed(), DeliverySpecReader.MODES);
        assertChoices(rows.get("spec.provider.trackAddressing").allowed(), ProviderSpecReader.ADDRESSING);
    }

    @Test
    @DisplayName("gives as default, where it writes one literal, the value a spec is written back with")
    void defaultsAreTheWrittenValues() throws IOException {
        Map<String, JsonNode> written = new LinkedHashMap<>();
        for (String strategy : StrategySpecReader.KINDS) {
            String body = strategy.equals("abTest") ? "{match: [{headers: {x-canary: {exact: insider}}}]}" : "{}";
            RolloutSpec spec = RolloutSpec.parseYaml(SpecTexts.withSpec("strategy: {" + strategy + ": " + body + "}\n"
                    + "service: {port: 9898}\nmetricsServer: {address: 'http://prometheus:9090'}\n"));
            flatten(SpecWriter.write(spec), "", written);
        }
        flatten(SpecWriter.write(RolloutSpec.parseYaml(SpecTexts.withSpec("strategy: {canary: {}}\n"
                + "delivery: {git: {repository: 'https://g.test/r.git'}}\n"))), "", written);
        List<String> checked = new ArrayList<>();
        for (Row row : rows().values()) {
            Matcher literal = ONE_LITERAL.matcher(row.defaultValue());
            if (!literal.matches() || row.path().contains("[]")) {
                continue;
            }
            JsonNode value = written.get(row.path());
            assertThat(value).as("%s is written back", row.path()).isNotNull();
            assertThat(text(value)).as("default of %s", row.path()).isEqualTo(literal.group(1));
            checked.add(row.path());
        }
        assertThat(checked).as("defaults checked").hasSizeGreaterThanOrEqualTo(29);
    }

    private static void assertChoices(String allowed, List<String> choices) {
        choices.forEach(choice -> assertThat(allowed).contains("`" + choice + "`"));
    }

    private static String text(JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(text(item)));
            return "[" + String.join(", ", items) + "]";
        }
        if (value.isObject()) {
            // in YAML flow style, as the reference writes objects: {cluster: {}}
            return value.properties().stream().map(e -> e.getKey() + ": " + text(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return value.asText();
    }

    private static void flatten(JsonNode node, String path, Map<String, JsonNode> into) {
        into.putIfAbsent(path, node); // the first spec written gives the default (cluster before git)
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), into));
        }
    }

    private static ObjectNode base() {
        ObjectNode root = JsonNodeFactory.instance.objectNode().put("apiVersion", RolloutSpec.API_VERSION)
                .put("kind", RolloutSpec.KIND);
        root.putObject("metadata").put("name", "podinfo");
        ObjectNode spec = root.putObject("spec");
        spec.putObject("target").put("name", "podinfo");
        spec.putObject("strategy").putObject("canary");
        return root;
    }

    /** A judge's field only {@code type: mann-whitney} reads is put in such a judge. */
    private static void markMannWhitney(ObjectNode tree, String concrete) {
        String prefix = "spec.analysis.judges[0].";
        if (concrete.startsWith(prefix)) {
            String field = concrete.substring(prefix.length()).split("[.\\[]")[0];
            if (MannWhitneySpec.FIELDS.contains(field) && !JudgeSpec.FIELDS.contains(field)) {
                ((ObjectNode) tree.path("spec").path("analysis").path("judges").path(0)).put("type", MannWhitneySpec.TYPE);
            }
        }
    }

    /** A documented path as one that can be in a document: {@code a[]} is item 0, {@code <name>} a key. */
    private static String concrete(String path) {
        return path.replace("[]", "[0]").replaceAll("<[a-z]+>", "x-name");
    }

    /** Sets {@code "x"} at {@code path}, creating objects and one-item lists on the way. */
    private static void put(ObjectNode root, String path) {
        String[] parts = path.split("\\.");
        JsonNode at = root;
        for (int i = 0; i < parts.length; i++) {
            boolean item = parts[i].endsWith("[0]");
            String name = item ? parts[i].substring(0, parts[i].length() - 3) : parts[i];
            ObjectNode object = (ObjectNode) at;
            boolean last = i == parts.length - 1;
            if (item) {
                JsonNode list = object.get(name) instanceof com.fasterxml.jackson.databind.node.ArrayNode ? object.get(name)
                        : object.putArray(name).addObject().deepCopy();
                if (list.isObject()) {
                    list = object.get(name);
                }
                at = list.get(0);
            } else if (last) {
                object.put(name, "x");
            } else {
                at = object.get(name) instanceof ObjectNode ? object.get(name) : object.putObject(name);
            }
        }
    }

    private static List<Problem> problems(ObjectNode tree) {
        try {
            RolloutSpecReader.read(SpecFormat.JSON.write(tree), SpecFormat.JSON, "<reference>", InputLimits.ofDefaults());
            return List.of();
        } catch (InvalidSpecException e) {
            return e.problems();
        }
    }
}
