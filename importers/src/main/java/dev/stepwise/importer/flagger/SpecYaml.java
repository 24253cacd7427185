package dev.stepwise.importer.flagger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.stepwise.spec.InvalidSpecException;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.validation.Problem;

/**
 * Writes an imported spec tree as YAML, in the style {@code RolloutSpec.toYaml()} writes, and
 * reads it back through the spec reader: a spec the reader refuses becomes error findings, one
 * per problem, never an exception.
 */
final class SpecYaml {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // with MINIMIZE_QUOTES, a string "5" would otherwise come back as the number 5
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private SpecYaml() {
    }

    static String write(JsonNode tree) {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an imported spec tree could not be written as YAML", e);
        }
    }

    /** Whether {@code yaml} reads as a spec; each problem otherwise an error in {@code findings}. */
    static boolean readsBack(String yaml, Findings findings) {
        try {
            RolloutSpec.parseYaml(yaml, "the imported spec");
            return true;
        } catch (InvalidSpecException e) {
            for (Problem problem : e.problems()) {
                findings.error(problem.path().isEmpty() ? "spec" : problem.path(),
                        "the imported spec is refused: " + problem.message());
            }
            return false;
        }
    }
}
