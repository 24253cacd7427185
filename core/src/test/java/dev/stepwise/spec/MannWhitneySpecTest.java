package dev.stepwise.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.MannWhitneyCheck;
import dev.stepwise.analysis.judge.DistributionMetric;
import dev.stepwise.analysis.judge.HarmDirection;
import dev.stepwise.analysis.judge.MannWhitneyJudge;
import dev.stepwise.analysis.judge.OutlierFilter;
import dev.stepwise.analysis.judge.Tolerance;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("spec.analysis.judges[{type: mann-whitney}]")
class MannWhitneySpecTest {

    private static final String LATENCY = "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{"
            + "namespace=\\\"{{ namespace }}\\\", app=\\\"{{ track }}\\\"}[1m])))";

    @Test
    @DisplayName("needs only metrics with a name and a query; everything else has a default")
    void defaults() {
        RolloutSpec spec = RolloutSpec.parseYaml(SpecTexts.withAnalysis(
                "judges: [{type: mann-whitney, metrics: [{name: p99, query: \"" + LATENCY + "\"}]}]"));

        assertThat(spec.analysis().judges()).isEmpty();
        MannWhitneyCheck judge = spec.analysis().distributionJudges().get(0);
        assertThat(judge).isEqualTo(MannWhitneyCheck.of(MannWhitneyJudge.of(List.of(DistributionMetric.of("p99",
                LATENCY.replace("\\\"", "\""))))));
        assertThat(judge.name()).isEqualTo("mann-whitney");
        assertThat(judge.step()).isEqualTo(Duration.ofSeconds(30));
        assertThat(judge.lookback()).isEqualTo(Duration.ofMinutes(10));
        assertThat(judge.judge().passScore()).isEqualTo(95.0);
        assertThat(judge.judge().marginalScore()).isEqualTo(75.0);
        assertThat(judge.judge().confidence()).isEqualTo(0.98);
        assertThat(judge.judge().minSamples()).isEqualTo(10);
        assertThat(spec.analysis().expectedVerdicts()).contains("mann-whitney");
    }

    @Test
    @DisplayName("reads every field next to a sequential judge, and is written back as read")
    void everyField() {
        String yaml = SpecTexts.withAnalysis("judges:\n"
                + "- {type: sequential}\n"
                + "- type: mann-whitney\n"
                + "  name: latency-judge\n"
                + "  metrics:\n"
                + "  - {name: p99, query: 'q1', direction: increase, tolerance: {absolute: 0.05}, weight: 3, critical: true}\n"
                + "  - {name: rps, query: 'q2', direction: decrease, tolerance: {relative: 0.2}}\n"
                + "  - {name: cpu, query: 'q3', direction: either}\n"
                + "  confidence: 0.95\n"
                + "  minSamples: 20\n"
                + "  passScore: 90\n"
                + "  marginalScore: 50\n"
                + "  outliers: {iqr: 3}\n"
                + "  step: 15s\n"
                + "  lookback: 10m\n");
        RolloutSpec spec = RolloutSpec.parseYaml(yaml);

        assertThat(spec.analysis().judges()).hasSize(1);
        assertThat(spec.analysis().distributionJudges()).containsExactly(new MannWhitneyCheck("latency-judge",
                new MannWhitneyJudge(0.95, 20, 90, 50, new OutlierFilter(3), List.of(
                        new DistributionMetric("p99", "q1", HarmDirection.INCREASE, new Tolerance.Absolute(0.05), 3, true),
                        new DistributionMetric("rps", "q2", HarmDirection.DECREASE, new Tolerance.Relative(0.2), 1, false),
                        new DistributionMetric("cpu", "q3", HarmDirection.EITHER, Tolerance.ofDefaults(), 1, false))),
                Duration.ofSeconds(15), Duration.ofMinutes(10)));
        RolloutSpec again = RolloutSpec.parseYaml(spec.toYaml());
        assertThat(again.analysis()).isEqualTo(spec.analysis());
        assertThat(again.toYaml()).isEqualTo(spec.toYaml());
    }

    @Test
    @DisplayName("names the path and the range of every wrong field")
    void problemsNamePaths() {
        assertThat(RolloutSpecValidationTest.problems(SpecTexts.withAnalysis("judges:\n"
                + "- {type: mann-whitney, metrics: [{name: a, query: q, direction: up, tolerance: {relative: 0.1, absolute: 1},"
                + " weight: 0}, {query: q, critical: maybe}], confidence: 0.2, passScore: 120, marginalScore: 80,"
                + " step: 0s, color: red}\n"
                + "- {type: mann-whitney, name: b, metrics: [{name: a, query: q, tolerance: {relative: -1}}, {name: a, query: q}],"
                + " minSamples: 50, step: 10s, lookback: 1m}\n"
                + "- {type: mann-whitney, name: c, metrics: []}\n"
                + "- {type: mann-whitney, name: d}\n"
                + "- {type: mann-whitney, name: e, metrics: [{name: a, query: q}], outliers: {iqr: 0.1}}\n")))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[0].metrics[0].direction: ")
                        .contains("increase").contains("decrease").contains("either"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[0].metrics[0].tolerance: must set exactly one"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[0].metrics[1].name: is required"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[0].metrics[1].critical: "))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[0].step: ").contains("1s"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[0].color: "))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[1].metrics[0].tolerance.relative: ")
                        .contains("between 0 and 10"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[2].metrics: must list at least one"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[3].metrics: is required"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[4].outliers.iqr: ").contains("0.5 and 100"));
        assertThat(RolloutSpecValidationTest.problems(SpecTexts.withAnalysis("judges:\n"
                + "- {type: mann-whitney, metrics: [{name: a, query: q, weight: 0}], confidence: 0.2, passScore: 120,"
                + " marginalScore: 80}\n")))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[0].metrics[0].weight: ").contains("1000"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[0].confidence: ").contains("0.5 and 0.9999"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[0].passScore: ").contains("0 and 100"));
        assertThat(RolloutSpecValidationTest.problems(SpecTexts.withAnalysis("judges:\n"
                + "- {type: mann-whitney, metrics: [{name: a, query: q}, {name: a, query: q}]}\n"
                + "- {type: mann-whitney, metrics: [{name: a, query: q}]}\n"
                + "- {type: sequential, confidence: 0.9}\n"
                + "- {type: mann-whitney, name: f, metrics: [{name: a, query: q}], alpha: 0.1}\n")))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[0].metrics[1].name: \"a\" is used"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[1].name: \"mann-whitney\" is used"))
                .anySatisfy(p -> assertThat(p).isEqualTo("spec.analysis.judges[2].confidence: applies only to type: mann-whitney"))
                .anySatisfy(p -> assertThat(p).isEqualTo("spec.analysis.judges[3].alpha: applies only to type: sequential"));
        assertThat(RolloutSpecValidationTest.problems(SpecTexts.withAnalysis("judges:\n"
                + "- {type: mann-whitney, metrics: [{name: a, query: q}], minSamples: 50, step: 10s, lookback: 1m}\n")))
                .singleElement().asString().startsWith("spec.analysis.judges[0].lookback: 1m holds 6 samples")
                .contains("fewer than minSamples (50)");
    }
}
