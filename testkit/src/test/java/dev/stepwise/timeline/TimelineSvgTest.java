package dev.stepwise.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.testkit.RolloutSimulation;
import dev.stepwise.testkit.SimulatedService;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

@DisplayName("TimelineSvg")
class TimelineSvgTest {

    private static final CanaryStrategy STRATEGY = TimelineTest.canary(2);

    private static Timeline healthy() {
        return RolloutSimulation.run(STRATEGY, SimulatedService.ofDefaults()).timeline("podinfo", STRATEGY);
    }

    private static Timeline failing() {
        SimulatedService service = SimulatedService.builder().canaryErrorProbability(0.5).build();
        return RolloutSimulation.run(STRATEGY, service).timeline("podinfo", STRATEGY);
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    /** Elements named {@code tag} whose class attribute holds every word of {@code classes}. */
    private static List<Element> select(Document doc, String tag, String classes) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (Arrays.asList(e.getAttribute("class").split(" ")).containsAll(Arrays.asList(classes.split(" ")))) {
                found.add(e);
            }
        }
        return found;
    }

    private static String render(Timeline timeline) {
        return TimelineSvg.render(timeline, STRATEGY.analysis().metrics());
    }

    @Test
    @DisplayName("is well-formed XML with an svg root in the SVG namespace and a title naming rollout, strategy and result")
    void parses() throws Exception {
        Document doc = parse(render(healthy()));

        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(select(doc, "text", "title")).singleElement()
                .extracting(Element::getTextContent).isEqualTo("podinfo (canary): Succeeded");
    }

    @Test
    @DisplayName("draws the canary weight as one step-line path starting at 0%")
    void oneWeightPath() throws Exception {
        Document doc = parse(render(healthy()));

        List<Element> weights = select(doc, "path", "weight");
        assertThat(weights).hasSize(1);
        assertThat(weights.get(0).getAttribute("d")).startsWith("M80 230 H").contains(" V");
        assertThat(select(doc, "path", "mirror")).isEmpty();
    }

    @Test
    @DisplayName("has one panel per check, with a dashed line per threshold bound")
    void thresholdLines() throws Exception {
        Document doc = parse(render(healthy()));

        assertThat(select(doc, "g", "panel metric")).extracting(e -> e.getAttribute("data-metric"))
                .containsExactly(MetricCheck.REQUEST_SUCCESS_RATE, MetricCheck.REQUEST_DURATION);
        assertThat(select(doc, "line", "threshold min")).hasSize(2);
        assertThat(select(doc, "line", "threshold max")).hasSize(1);
        assertThat(select(doc, "line", "threshold")).allSatisfy(l ->
                assertThat(l.getAttribute("stroke-dasharray")).isNotEmpty());
        assertThat(select(doc, "circle", "point fail")).isEmpty();
    }

    @Test
    @DisplayName("marks a healthy run's promotion with a labelled vertical line")
    void promotionMarker() throws Exception {
        Document doc = parse(render(healthy()));

        assertThat(select(doc, "g", "marker promotion")).singleElement()
                .extracting(Element::getTextContent).asString().contains("promoted at 3m");
        assertThat(select(doc, "g", "marker rollback")).isEmpty();
    }

    @Test
    @DisplayName("marks a failing run's rollback, and its failing points in red")
    void rollbackMarker() throws Exception {
        Document doc = parse(render(failing()));

        assertThat(select(doc, "g", "marker rollback")).singleElement()
                .extracting(Element::getTextContent).asString().contains("rolled back at 3m");
        List<Element> failed = select(doc, "circle", "point fail");
        assertThat(failed).hasSize(2).allSatisfy(c -> assertThat(c.getAttribute("fill")).isEqualTo(TimelineSvg.FAIL_COLOUR));
        assertThat(select(doc, "g", "marker promotion")).isEmpty();
    }

    @Test
    @DisplayName("draws the mirror percent as a second, dashed line when the canary gets a copy of the traffic")
    void mirror() throws Exception {
        CanaryStrategy mirrored = CanaryStrategy.builder().stepWeight(50).maxWeight(50).mirror(true)
                .analysis(AnalysisPolicy.builder()
                        .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99))).build())
                .build();
        Timeline timeline = RolloutSimulation.run(mirrored, SimulatedService.ofDefaults()).timeline("podinfo", mirrored);

        Document doc = parse(TimelineSvg.render(timeline, mirrored.analysis().metrics()));

        assertThat(select(doc, "path", "weight")).hasSize(1);
        assertThat(select(doc, "path", "mirror")).hasSize(1);
    }

    @Test
    @DisplayName("escapes names and says so when a check was never judged")
    void escapesAndEmptyPanels() throws Exception {
        MetricCheck odd = MetricCheck.custom("p<99> & \"more\"", "q", ThresholdRange.atMost(1));

        Document doc = parse(TimelineSvg.render(healthy(), List.of(odd)));

        assertThat(select(doc, "g", "panel metric")).singleElement()
                .extracting(e -> e.getAttribute("data-metric")).isEqualTo("p<99> & \"more\"");
        assertThat(select(doc, "text", "no-data")).hasSize(1);
    }

    @Test
    @DisplayName("gives the same bytes for the same input, and references nothing outside itself")
    void deterministicAndSelfContained() {
        String first = render(failing());

        assertThat(render(failing())).isEqualTo(first);
        assertThat(first).doesNotContain("href", "<script", "@import", "url(", "<image");
    }

    @Test
    @DisplayName("picks round time ticks, at most eight after zero")
    void timeTicks() {
        assertThat(TimelineSvg.timeTicks(480)).containsExactly(0L, 60L, 120L, 180L, 240L, 300L, 360L, 420L, 480L);
        assertThat(TimelineSvg.timeTicks(300)).containsExactly(0L, 60L, 120L, 180L, 240L, 300L);
        assertThat(TimelineSvg.timeTicks(90)).containsExactly(0L, 15L, 30L, 45L, 60L, 75L, 90L);
        assertThat(TimelineSvg.timeTicks(3 * 3600)).hasSizeLessThanOrEqualTo(9).contains(3600L);
    }
}
