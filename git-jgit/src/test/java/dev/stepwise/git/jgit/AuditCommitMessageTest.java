package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.Verdict;
import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.spi.StepNote;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("AuditCommitMessage")
class AuditCommitMessageTest {

    static final Instant AT = Instant.parse("2026-03-01T12:03:00Z");
    static final List<ResourceRef> ISTIO = List.of(
            new ResourceRef("networking.istio.io/v1", "DestinationRule", "test", "podinfo"),
            new ResourceRef("networking.istio.io/v1", "VirtualService", "test", "podinfo"));

    @Test
    @DisplayName("a step reads as subject, body with every verdict, and the Stepwise trailers, exactly")
    void stepMessage() {
        StepNote change = new StepNote("test/podinfo", 7, 16, Decision.ADVANCE, "analysis passed",
                List.of(Verdict.pass("request-success-rate", 99.8734), Verdict.pass("request-duration", 212.0)), AT, false);

        CommitMessage message = AuditCommitMessage.of(change, TrafficSplit.canary(10), TrafficSplit.canary(20), ISTIO);

        assertThat(message.text()).isEqualTo("""
                test/podinfo: canary 10% -> 20% (advance)

                Rollout:  test/podinfo
                Step:     7
                Split:    stable 90% / canary 10% -> stable 80% / canary 20%
                Decision: advance
                Reason:   analysis passed
                Decided:  2026-03-01T12:03:00Z
                Verdicts:
                - request-success-rate: 99.87 (Pass)
                - request-duration: 212 (Pass)

                Stepwise-Rollout: test/podinfo
                Stepwise-Step: 7
                Stepwise-Decision: advance
                Stepwise-Split: stable 80% / canary 20%
                """);
    }

    @Test
    @DisplayName("a rollback names the failed verdicts with their values and threshold results")
    void rollbackMessage() {
        StepNote change = new StepNote("test/podinfo", 2, 12, Decision.ROLL_BACK, "analysis failed 2 of 2 times",
                List.of(Verdict.fail("request-success-rate", 97.2, "97.2 < min 99.0"),
                        Verdict.noData("request-duration", "no requests")), AT, false);

        CommitMessage message = AuditCommitMessage.of(change, TrafficSplit.canary(30), TrafficSplit.allStable(), ISTIO);

        assertThat(message.subject()).isEqualTo("test/podinfo: canary 30% -> 0% (roll back)");
        assertThat(message.body()).contains("- request-success-rate: 97.2 (Fail: 97.2 < min 99.0)",
                "- request-duration: no value (NoData: no requests)");
        assertThat(message.trailers()).containsExactly(Map.entry("Stepwise-Rollout", "test/podinfo"),
                Map.entry("Stepwise-Step", "2"), Map.entry("Stepwise-Decision", "roll back"),
                Map.entry("Stepwise-Split", "stable 100% / canary 0%"));
    }

    @Test
    @DisplayName("a change outside a rollout names the resources, has no rollout or step trailer, and decision none")
    void unattributedMessage() {
        CommitMessage message = AuditCommitMessage.of(StepNote.outsideRollout("route set up", AT),
                TrafficSplit.allStable(), TrafficSplit.allStable(), ISTIO);

        assertThat(message.subject()).isEqualTo("test/podinfo: canary 0% kept (route set up)");
        assertThat(message.body()).startsWith("Split:    stable 100% / canary 0% -> stable 100% / canary 0%\n")
                .contains("Reason:   route set up").doesNotContain("Rollout:", "Verdicts:");
        assertThat(message.trailers()).containsExactly(Map.entry("Stepwise-Decision", "none"),
                Map.entry("Stepwise-Split", "stable 100% / canary 0%"));
        assertThat(AuditCommitMessage.isStepwise(message.trailers())).isTrue();
        assertThat(AuditCommitMessage.leftRolloutInProgress(message.trailers())).isFalse();
    }

    @Test
    @DisplayName("the route set up when a rollout is registered is titled with the rollout, and is no step: no step trailers")
    void setUpMessage() {
        RolloutState initial = RolloutState.initial("v2", AT);

        CommitMessage message = AuditCommitMessage.of(StepNote.registered("test/podinfo", initial, AT),
                TrafficSplit.allStable(), TrafficSplit.allStable(), ISTIO.subList(0, 1));

        assertThat(message.subject()).isEqualTo("test/podinfo: canary 0% kept (route set up or repaired)");
        assertThat(message.body()).startsWith("Rollout:  test/podinfo\nSplit:    ").doesNotContain("Step:");
        assertThat(message.trailers()).containsOnlyKeys("Stepwise-Decision", "Stepwise-Split");
        assertThat(AuditCommitMessage.leftRolloutInProgress(message.trailers())).isFalse();
    }

    static Stream<Arguments> splitPairs() {
        RouteMatch insider = RouteMatch.toCanary(MatchCondition.header("x-canary", MatchCondition.Operator.EXACT, "insider"));
        return Stream.of(
                Arguments.of("plain step", TrafficSplit.canary(10), TrafficSplit.canary(20), "canary 10% -> 20%"),
                Arguments.of("unchanged", TrafficSplit.canary(20), TrafficSplit.canary(20), "canary 20% kept"),
                Arguments.of("with a baseline", TrafficSplit.canaryWithBaseline(5), TrafficSplit.canaryWithBaseline(10),
                        "canary 5%, baseline 5% -> canary 10%, baseline 10%"),
                Arguments.of("a mirror begins", TrafficSplit.allStable(), TrafficSplit.allStable().withMirror(50),
                        "canary 0% -> canary 0%, mirror 50%"),
                Arguments.of("an A/B match", TrafficSplit.allStable(), TrafficSplit.allStable().withMatches(List.of(insider)),
                        "canary 0% -> canary 0%, 1 match"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splitPairs")
    @DisplayName("the subject's split shows the canary weight, and baseline, mirror and matches only when present")
    void subjectSplits(String name, TrafficSplit before, TrafficSplit after, String expected) {
        assertThat(AuditCommitMessage.splits(before, after)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("numbers")
    @DisplayName("observed values have at most two decimals and never an exponent")
    void numbers(double value, String text) {
        assertThat(AuditCommitMessage.number(value)).isEqualTo(text);
    }

    static Stream<Arguments> numbers() {
        return Stream.of(Arguments.of(99.8734, "99.87"), Arguments.of(212.0, "212"), Arguments.of(0.0, "0"),
                Arguments.of(1.0e7, "10000000"), Arguments.of(0.005, "0.01"), Arguments.of(-3.5, "-3.5"),
                Arguments.of(Double.POSITIVE_INFINITY, "+inf"));
    }

    @Test
    @DisplayName("a reason over several lines is written on one line, so the body stays one field per line")
    void multiLineReason() {
        StepNote change = new StepNote("test/podinfo", 3, 9, Decision.HOLD, "first line\n  second line", List.of(), AT,
                false);

        CommitMessage message = AuditCommitMessage.of(change, TrafficSplit.canary(10), TrafficSplit.canary(10), ISTIO);

        assertThat(message.body()).contains("Reason:   first line second line\n");
    }
}
