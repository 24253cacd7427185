package dev.stepwise.importer.argo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Argo condition expressions read as threshold ranges")
class ConditionParserTest {

    @ParameterizedTest(name = "{0} accepts {1}")
    @DisplayName("a comparison of result[0] with numbers, joined by &&, is a range")
    @CsvSource(delimiter = ';', value = {
            "result[0] >= 0.95                         ; 0.95 <= value",
            "result[0] > 0.95                          ; 0.95 < value",
            "result[0] <= 500                          ; value <= 500.0",
            "result[0] < 0.05                          ; value < 0.05",
            "len(result) > 0 && result[0] >= 0.9       ; 0.9 <= value",
            "len(result) >= 1&&result[0]>=0.9          ; 0.9 <= value",
            "0.9 <= result[0]                          ; 0.9 <= value",
            "result >= 1e-3                            ; 0.001 <= value",
            "result[0] >= 0.5 && result[0] < 2         ; 0.5 <= value < 2.0",
            "result[0] == 1                            ; 1.0 <= value <= 1.0",
    })
    void ranges(String condition, String accepted) {
        ConditionParser.Result result = ConditionParser.parse(condition);
        assertThat(result).isInstanceOf(ConditionParser.Range.class);
        assertThat(((ConditionParser.Range) result).range()).hasToString(accepted);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @DisplayName("anything else is refused, saying which part was not understood")
    @CsvSource(delimiter = ';', value = {
            "result[0] >= 0.9 || result[0] < 0.1       ; \"result[0] >= 0.9 || result[0] < 0.1\" is not a comparison",
            "isNaN(result[0]) || result[0] >= 0.9      ; is not a comparison",
            "result[1] >= 0.9                          ; \"result[1] >= 0.9\" is not a comparison",
            "result[0] != 0                            ; is not a comparison",
            "asInt(result) > 2                         ; is not a comparison",
            "len(result) > 0                           ; compares no value",
            "result[0] > 5 && result[0] < 1            ; no value satisfies it",
            "'   '                                     ; it is empty",
    })
    void refused(String condition, String reason) {
        ConditionParser.Result result = ConditionParser.parse(condition);
        assertThat(result).isInstanceOf(ConditionParser.Unsupported.class);
        assertThat(((ConditionParser.Unsupported) result).reason()).contains(reason);
    }
}
