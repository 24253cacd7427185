package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

@DisplayName("stepwise plan with statistical judges")
class PlanJudgesTest {

    private static final Path JUDGED = CliRun.SPECS.resolve("canary-judged.yaml");
    /** Two judges share alpha 0.01: each runs at 0.005, so the harmful bound is ln(1 / 0.005). */
    private static final double HARMFUL_BOUND = Math.log(200);
    private static final double HARMLESS_BOUND = Math.log(0.05);

    @TempDir
    Path dir;

    @Test
    @DisplayName("prints under the rollback step each judge's statistic, both bounds and its answer, the slow judge past the harmful bound")
    void textShowsTheStatisticCrossingTheHarmfulBound() {
        CliRun run = CliRun.of("plan", JUDGED, "--scenario", "failing");

        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        int rollback = indexOf(lines, "-> roll back:");
        assertThat(lines.get(rollback + 1)).isEqualTo(
                "         judge sequential-errors: LLR 0.00 (rollback at ≥ 5.30, healthy at ≤ -3.00): keep collecting");
        assertThat(lines.get(rollback + 2)).isEqualTo(
                "         judge sequential-slow: LLR 61.89 (rollback at ≥ 5.30, healthy at ≤ -3.00): harmful");
        assertThat(lines.get(rollback + 3)).startsWith("Result: RolledBack");
    }

    @Test
    @DisplayName("writes per step a judges array whose harmful judge's statistic is at or above its harmful bound at the rollback")
    void jsonShowsTheStatisticCrossingTheHarmfulBound() throws Exception {
        CliRun run = CliRun.of("plan", JUDGED, "--scenario", "failing", "--format", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode steps = new ObjectMapper().readTree(run.out()).get("steps");
        JsonNode last = steps.get(steps.size() - 1);
        assertThat(last.get("decision").asText()).isEqualTo("roll back");
        assertThat(steps.get(0).has("judges")).as("a step where no judge looked has no judges array").isFalse();
        JsonNode slow = last.get("judges").get(1);
        assertThat(slow.get("name").asText()).isEqualTo("sequential-slow");
        assertThat(slow.get("outcome").asText()).isEqualTo("HARMFUL");
        assertThat(slow.get("harmfulBound").asDouble()).isCloseTo(HARMFUL_BOUND, within(1e-12));
        assertThat(slow.get("harmlessBound").asDouble()).isCloseTo(HARMLESS_BOUND, within(1e-12));
        assertThat(slow.get("statistic").asDouble()).isGreaterThanOrEqualTo(slow.get("harmfulBound").asDouble())
                .isEqualTo(last.get("metrics").get("sequential-slow").asDouble());
        JsonNode errors = last.get("judges").get(0);
        assertThat(errors.get("outcome").asText()).isEqualTo("KEEP_COLLECTING");
        assertThat(errors.get("statistic").asDouble()).isLessThan(errors.get("harmfulBound").asDouble());
    }

    @Test
    @DisplayName("draws a judge panel with each judge's series and both bounds as labelled dashed lines, in an SVG that parses as XML")
    void svgHasTheJudgePanel() throws Exception {
        Path chart = dir.resolve("judged.svg");

        CliRun run = CliRun.of("plan", JUDGED, "--scenario", "healthy", "--format", "json", "--svg", chart);

        assertThat(run.exit()).as(run.err()).isZero();
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(chart.toFile());
        List<Element> panels = withClass(svg, "g", "panel judges");
        assertThat(panels).hasSize(1);
        Element panel = panels.get(0);
        assertThat(withClass(panel, "line", "judge-bound harmful")).singleElement()
                .satisfies(line -> assertThat(line.getAttribute("stroke-dasharray")).isNotEmpty());
        assertThat(withClass(panel, "line", "judge-bound harmless")).hasSize(1);
        assertThat(withClass(panel, "text", "judge-bound-label harmful")).singleElement()
                .satisfies(label -> assertThat(label.getTextContent()).isEqualTo("rollback ≥ 5.30"));
        assertThat(withClass(panel, "text", "judge-bound-label harmless")).singleElement()
                .satisfies(label -> assertThat(label.getTextContent()).isEqualTo("healthy ≤ -3.00"));
        assertThat(withClass(panel, "path", "judge-series")).extracting(e -> e.getAttribute("data-judge"))
                .containsExactly("sequential-errors", "sequential-slow");
        assertThat(withClass(panel, "circle", "judge-point")).hasSize(10);
    }

    @Test
    @DisplayName("draws no judge panel and prints no judge line for a spec without judges")
    void noJudgesNoPanel() throws Exception {
        Path chart = dir.resolve("plain.svg");

        CliRun run = CliRun.of("plan", CliRun.CANARY, "--scenario", "failing", "--svg", chart);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContain("judge");
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(chart.toFile());
        assertThat(withClass(svg, "g", "panel judges")).isEmpty();
        assertThat(withClass(svg, "g", "panel metric")).isNotEmpty();
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + part + " in " + lines);
    }

    private static List<Element> withClass(Document svg, String tag, String className) {
        return withClass(svg.getDocumentElement(), tag, className);
    }

    private static List<Element> withClass(Element root, String tag, String className) {
        NodeList nodes = root.getElementsByTagName(tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (e.getAttribute("class").startsWith(className)) {
                found.add(e);
            }
        }
        return found;
    }
}
