package dev.stepwise.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("A did-you-mean suggestion")
class SuggestionTest {

    static final List<String> KNOWN = List.of("stepWeight", "stepWeights", "maxWeight", "mirror", "mirrorWeight");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "stepWieght, stepWeight",   // a swapped pair is one edit
            "STEPWEIGHT, stepWeight",   // case is ignored
            "maxWeigth, maxWeight",
            "mirorr, mirror",
            "stepWeightss, stepWeights"})
    void names_the_closest_known_name_within_two_edits(String typo, String expected) {
        assertThat(Suggestion.closest(typo, KNOWN)).contains(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"threshold", "weight", "canaryWeight"})
    void suggests_nothing_when_no_known_name_is_close(String name) {
        assertThat(Suggestion.closest(name, KNOWN)).isEmpty();
    }
}
