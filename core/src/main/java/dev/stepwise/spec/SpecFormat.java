package dev.stepwise.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.stepwise.validation.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
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
     * The document in {@code text} as a tree; missing when the text holds none.
     *
     * @throws InvalidSpecException with one problem, naming the line and column, on a syntax error
     *                              or when a YAML text holds more than one document
     */
    JsonNode parse(String text, String source) {
        // not readValues: it would take a root-level list for a sequence of documents
        try (JsonParser parser = mapper.createParser(text)) {
            JsonNode first = mapper.readTree(parser);
            if (first == null) {
                return mapper.missingNode();
            }
            if (parser.nextToken() != null) {
                throw new InvalidSpecException(source, List.of(new Problem("", "line " + parser.currentLocation().getLineNr()
                        + ": a second document; a spec holds exactly one")));
            }
            return first;
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException(source, List.of(syntaxProblem(e)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String write(JsonNode tree) {
        try {
            return mapper.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a spec tree could not be written as " + this, e);
        }
    }

    private Problem syntaxProblem(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new Problem("", "invalid " + this + where + ": " + reason(e.getOriginalMessage()));
    }

    /**
     * The reason alone: SnakeYAML's messages interleave context lines ({@code while parsing a
     * flow sequence}), source marks ({@code in 'reader', line 2, column 4:}) and snippets; the
     * last unindented line says what is wrong.
     */
    private static String reason(String message) {
        if (message == null || message.isBlank()) {
            return "syntax error";
        }
        String reason = null;
        for (String line : message.split("\n")) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                reason = line.strip();
            }
        }
        return reason == null ? message.strip() : reason;
    }
}
