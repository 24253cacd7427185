package dev.stepwise.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.stepwise.input.InputLimits;
import dev.stepwise.input.internal.DocumentReader;
import dev.stepwise.input.internal.Syntax;
import dev.stepwise.input.internal.UnreadableDocumentException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The text formats of a spec: how to read one into a tree and write a tree back. */
enum SpecFormat {

    YAML(YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // with MINIMIZE_QUOTES, a string "5" would otherwise come back as the number 5
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build()),
    JSON(JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build());

    private final ObjectMapper mapper;

    SpecFormat(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The format of a file, by its extension: {@code .yaml}, {@code .yml} or {@code .json}. */
    static Optional<SpecFormat> of(Path file) {
        Path name = file.getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return Optional.of(YAML);
        }
        return lower.endsWith(".json") ? Optional.of(JSON) : Optional.empty();
    }

    /**
     * The document in {@code text} as a tree, read within {@code limits}; missing when the text
     * holds none.
     *
     * @throws InvalidSpecException with one problem, naming the line and column, on a syntax error,
     *                              past a limit, or when a YAML text holds more than one document
     */
    JsonNode parse(String text, String source, InputLimits limits) {
        try {
            return DocumentReader.of(limits).parse(text, this == YAML ? Syntax.YAML : Syntax.JSON);
        } catch (UnreadableDocumentException e) {
            throw new InvalidSpecException(source, List.of(e.problem()));
        }
    }

    String write(JsonNode tree) {
        try {
            return mapper.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a spec tree could not be written as " + this, e);
        }
    }
}
