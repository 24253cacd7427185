package dev.stepwise.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.spec.InvalidSpecException;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.tck.crd.CrdSchemaValidator;
import dev.stepwise.tck.crd.CrdSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One spec document judged twice: by the spec validator ({@link RolloutSpec#parseJson}) and by
 * the schema of {@code deploy/crd.yaml} (the tck's {@link CrdSchemaValidator}, as the mesh kits
 * check rendered routes).
 *
 * @param validatorProblems what the spec validator refused, empty when it accepted
 * @param schemaProblems    what the CRD's schema refused, empty when it accepted
 */
record Judged(String validatorProblems, List<String> schemaProblems) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final CrdSchemaValidator SCHEMA = CrdSchemaValidator.forCrds(
            CrdSource.folder(Path.of("..", "deploy")), List.of("crd.yaml"));

    static Judged of(JsonNode document) {
        String problems = "";
        try {
            RolloutSpec.parseJson(document.toString(), "mutated");
        } catch (InvalidSpecException e) {
            problems = e.getMessage();
        }
        return new Judged(problems, SCHEMA.problems(Manifest.of(document)));
    }

    static ObjectNode read(Path file) {
        try {
            return (ObjectNode) YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean validatorAccepts() {
        return validatorProblems.isEmpty();
    }

    boolean schemaAccepts() {
        return schemaProblems.isEmpty();
    }
}
