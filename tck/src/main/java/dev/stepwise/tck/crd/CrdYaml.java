package dev.stepwise.tck.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;

/** Reads a CRD's YAML into a tree. */
final class CrdYaml {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private CrdYaml() {
    }

    static JsonNode read(InputStream in) throws IOException {
        return YAML.readTree(in);
    }
}
