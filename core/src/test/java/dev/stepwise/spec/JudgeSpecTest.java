package dev.stepwise.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.BadRequests;
import dev.stepwise.analysis.JudgeCheck;
import dev.stepwise.analysis.OnInconclusive;
import dev.stepwise.analysis.judge.HarmfulEffect;
import dev.stepwise.analysis.judge.SequentialJudge;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("spec.analysis.judges")
class JudgeSpecTest {

    static JudgeCheck onlyJudge(String analysis) {
        RolloutSpec spec = RolloutSpec.parseYaml(SpecTexts.withAnalysis(analysis));
        assertThat(spec.analysis().judges()).hasSize(1);
        return spec.analysis().judges().get(0);
    }

    @Test
    @DisplayName("[{type: sequential}] alone is the default judge on errors")
    void defaults() {
        JudgeCheck judge = onlyJudge("judges: [{type: sequential}]");

        assertThat(judge).isEqualTo(JudgeCheck.sequential(BadRequests.errors()));
        assertThat(judge.name()).isEqualTo("sequential-errors");
        assertThat(judge.judge()).isEqualTo(SequentialJudge.ofDefaults());
        assertThat(judge.holdLimit()).isEqualTo(JudgeCheck.DEFAULT_HOLD_LIMIT);
    }

    @Test
    @DisplayName("reads every field, and is written back as read")
    void everyField() {
        String yaml = SpecTexts.withAnalysis("judges:\n"
                + "- {type: sequential, name: slow-judge, metric: slow, slowerThan: 500ms, alpha: 0.005, beta: 0.1,\n"
                + "   effect: {points: 0.5}, minimumRequests: 1000, holdLimit: 30, onInconclusive: promote-on-checks}\n"
                + "- {type: sequential, effect: {ratio: 1.5}}");
        RolloutSpec spec = RolloutSpec.parseYaml(yaml);

        JudgeCheck slow = spec.analysis().judges().get(0);
        assertThat(slow).isEqualTo(new JudgeCheck("slow-judge", BadRequests.slowerThan(Duration.ofMillis(500)),
                SequentialJudge.builder().alpha(0.005).beta(0.1).effect(new HarmfulEffect.Points(0.5))
                        .minimumRequests(1000).build(), 30).onInconclusive(OnInconclusive.PROMOTE_ON_CHECKS).sharedBy(2));
        assertThat(slow.effectiveJudge().alpha()).isEqualTo(0.0025);
        assertThat(spec.analysis().judges().get(1).judge().effect()).isEqualTo(new HarmfulEffect.Ratio(1.5));
        RolloutSpec again = RolloutSpec.parseYaml(spec.toYaml());
        assertThat(again.analysis().judges()).isEqualTo(spec.analysis().judges());
        assertThat(again.toYaml()).isEqualTo(spec.toYaml());
    }

    @Test
    @DisplayName("names the path and the range of every wrong field")
    void problemsNamePaths() {
        assertThat(RolloutSpecValidationTest.problems(SpecTexts.withAnalysis("judges:\n"
                + "- {type: sequential, alpha: 0.5, holdLimit: 2000}\n"
                + "- {type: sequential, metric: slow}\n"
                + "- {type: sequential, effect: {ratio: 2, points: 1}, slowerThan: 1s}\n"
                + "- {type: sequential, effect: {ratio: 1}, onInconclusive: pass}\n")))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[0].alpha: ").contains("between 0.0001 and 0.2"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[0].holdLimit: ").contains("1000"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[1].slowerThan: is required"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[2].effect: must set exactly one"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[2].slowerThan: applies only"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[3].effect.ratio: "))
                .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.judges[3].onInconclusive: ")
                        .contains("rollback").contains("promote-on-checks").contains("hold"));
        assertThat(RolloutSpecValidationTest.problems(SpecTexts.withAnalysis(
                "judges: [{type: sequential}, {type: sequential}]")))
                .singleElement().asString().startsWith("spec.analysis.judges[1].name: \"sequential-errors\"");
    }
}
