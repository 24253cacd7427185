package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.Phase;
import dev.stepwise.strategy.StrategyKind;
import dev.stepwise.timeline.Timeline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TimelineText")
class TimelineTextTest {

    private static Timeline.Entry entry(Duration time, AnalysisOutcome outcome, List<Verdict> verdicts, Decision decision,
                                        String reason) {
        return new Timeline.Entry(time, Phase.PROGRESSING, 80, 10, 10, 100, outcome, verdicts, decision, reason);
    }

    @Test
    @DisplayName("aligns the columns, right-aligns the time, and shows baseline and mirror when present")
    void table() {
        Timeline timeline = new Timeline("podinfo", StrategyKind.CANARY, Phase.ROLLED_BACK, List.of(
                entry(Duration.ZERO, AnalysisOutcome.NONE, List.of(), Decision.START, "starting revision v2"),
                entry(Duration.ofSeconds(90), AnalysisOutcome.FAIL,
                        List.of(Verdict.fail("request-success-rate", 97.25, "97.25 < min 99.0"),
                                Verdict.pass("request-duration", 213.4), Verdict.pass("load-test", Double.NaN),
                                Verdict.pass("queue-lag", 12.5)),
                        Decision.HOLD, "analysis failed: request-success-rate Fail (97.25): 97.25 < min 99.0; "
                                + "request-duration Pass (213.4) (failed 1 of threshold 2)")));

        assertThat(TimelineText.render(timeline, Style.PLAIN)).isEqualTo(String.join("\n",
                " time    phase       weights after                                       verdicts"
                        + "                                                                         decision: why",
                "[   +0s] Progressing stable 80% / canary 10% / baseline 10%, mirror 100%"
                        + "                                                                               -> start: starting revision v2",
                "[+1m30s] Progressing stable 80% / canary 10% / baseline 10%, mirror 100% success-rate 97.25% Fail, "
                        + "p99 213ms Pass, load-test Pass, queue-lag 12.5 Pass -> hold: analysis failed (failed 1 of threshold 2)",
                "Result: RolledBack after 2 steps (1m30s virtual)",
                ""));
    }

    @Test
    @DisplayName("shows wall-clock times to the millisecond, never in nanoseconds")
    void wallClockTimes() {
        Timeline timeline = new Timeline("podinfo", StrategyKind.CANARY, Phase.SUCCEEDED, List.of(
                entry(Duration.ZERO, AnalysisOutcome.NONE, List.of(), Decision.START, "starting revision v2"),
                entry(Duration.ofNanos(1_867_615_870), AnalysisOutcome.PASS, List.of(), Decision.ADVANCE, "passed")));

        String text = TimelineText.render(timeline, Style.PLAIN);

        assertThat(text).contains("[+1s867ms]").contains("(1s867ms virtual)").doesNotContain("ns]");
    }

    @Test
    @DisplayName("shows stable's value beside the canary's where it has one, in the same unit")
    void stableBesideCanary() {
        Timeline timeline = new Timeline("podinfo", StrategyKind.CANARY, Phase.PROGRESSING, List.of(
                entry(Duration.ZERO, AnalysisOutcome.NONE, List.of(), Decision.START, "starting revision v2"),
                entry(Duration.ofMinutes(1), AnalysisOutcome.FAIL,
                        List.of(Verdict.fail("request-success-rate", 95.19, "95.19 < min 99.0"),
                                Verdict.pass("request-duration", 213.4), Verdict.pass("queue-lag", 12.5)),
                        Decision.HOLD, "analysis failed")));
        List<Map<String, Double>> stable = List.of(Map.of(),
                Map.of("request-success-rate", 99.9, "request-duration", 201.6));

        String text = TimelineText.render(timeline, stable, Style.PLAIN);

        assertThat(text).contains("success-rate 95.19% (stable 99.90%) Fail, p99 213ms (stable 202ms) Pass, "
                + "queue-lag 12.5 Pass -> hold: analysis failed\n");
        assertThat(TimelineText.render(timeline, Style.PLAIN)).doesNotContain("stable 99.90%");
    }

    @Test
    @DisplayName("keeps a reason worded otherwise whole")
    void otherReasons() {
        Timeline.Entry entry = entry(Duration.ZERO, AnalysisOutcome.PASS, List.of(), Decision.ADVANCE,
                "analysis passed; canary weight 20%");

        assertThat(TimelineText.reason(entry)).isEqualTo("analysis passed; canary weight 20%");
    }

    @Test
    @DisplayName("writes numbers without needless decimals")
    void numbers() {
        assertThat(TimelineText.number(27)).isEqualTo("27");
        assertThat(TimelineText.number(3.5)).isEqualTo("3.5");
        assertThat(TimelineText.number(0.1234)).isEqualTo("0.123");
        assertThat(TimelineText.number(-2)).isEqualTo("-2");
    }
}
