package dev.stepwise.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stepwise.analysis.BadRequests;
import dev.stepwise.analysis.JudgeCheck;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.analysis.judge.SequentialDecision.Outcome;
import dev.stepwise.validation.InvalidValueException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A judge's reading at one step")
class JudgeReadingTest {

    private static final JudgeCheck SHARED_BY_TWO = JudgeCheck.sequential(BadRequests.errors()).sharedBy(2);

    @Test
    @DisplayName("takes its bounds from the test as it ran: alpha 0.01 shared by two judges gives ln(200) = 5.30 and ln(0.05)")
    void boundsOfTheSharedTest() {
        Verdict verdict = Verdict.hold(SHARED_BY_TWO.name(), 1.25,
                "KEEP_COLLECTING: log LR 1.25 in (-3.00, 5.30): not enough evidence yet");

        JudgeReading reading = JudgeReading.of(SHARED_BY_TWO, verdict).orElseThrow();

        assertThat(reading.harmfulBound()).isCloseTo(Math.log(200), within(1e-12));
        assertThat(reading.harmlessBound()).isCloseTo(Math.log(0.05), within(1e-12));
        assertThat(reading.statistic()).isEqualTo(1.25);
        assertThat(reading.outcome()).isEqualTo(Outcome.KEEP_COLLECTING);
        assertThat(reading).hasToString(
                "sequential-errors: LLR 1.25 (rollback at >= 5.30, healthy at <= -3.00): keep collecting");
    }

    @Test
    @DisplayName("answers what the verdict's reason starts with, so an abstaining judge's pass stays keep collecting")
    void outcomeFromTheReason() {
        Verdict abstains = new Verdict(SHARED_BY_TWO.name(), Verdict.Status.PASS, -1.0,
                "KEEP_COLLECTING: log LR -1.00 in (-3.00, 5.30): ... inconclusive ...: the judge abstains");
        Verdict harmful = Verdict.criticalFail(SHARED_BY_TWO.name(), 6.0, "HARMFUL: log LR 6.00 in (-3.00, 5.30): worse");
        Verdict harmless = Verdict.pass(SHARED_BY_TWO.name(), -4.0);

        assertThat(JudgeReading.of(SHARED_BY_TWO, abstains).orElseThrow().outcome()).isEqualTo(Outcome.KEEP_COLLECTING);
        assertThat(JudgeReading.of(SHARED_BY_TWO, harmful).orElseThrow().answer()).isEqualTo("harmful");
        assertThat(JudgeReading.of(SHARED_BY_TWO, harmless).orElseThrow().outcome())
                .as("a reason without an outcome is read from the statistic").isEqualTo(Outcome.KEEP_COLLECTING);
    }

    @Test
    @DisplayName("is absent for a verdict without a statistic or of another check")
    void noReadingWithoutAStatistic() {
        assertThat(JudgeReading.of(SHARED_BY_TWO, Verdict.noData(SHARED_BY_TWO.name(), "no counts"))).isEmpty();
        assertThat(JudgeReading.of(SHARED_BY_TWO, Verdict.pass("request-success-rate", 99.9))).isEmpty();
    }

    @Test
    @DisplayName("refuses a harmless bound at or above the harmful one, naming the field")
    void refusesCrossedBounds() {
        assertThatThrownBy(() -> new JudgeReading("j", 0, 1, 1, Outcome.KEEP_COLLECTING))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("harmlessBound");
    }
}
