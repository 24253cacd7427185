package dev.stepwise.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A change to a valid spec document: {@code value} (YAML) put at {@code pointer} (a JSON pointer,
 * its parents created), or the field there removed when {@code value} is null.
 *
 * @param name    what the change does, as the test names it
 * @param base    the example it starts from, under {@code examples/specs}
 * @param pointer where, e.g. {@code /spec/strategy/canary/stepWeight}
 * @param value   the new value as YAML, or null to remove the field
 * @param refusal a text the validator's problems must contain (the path or the reason)
 */
record Mutation(String name, String base, String pointer, String value, String refusal) {

    static Mutation set(String name, String pointer, String value, String refusal) {
        return new Mutation(name, "canary.yaml", pointer, value, refusal);
    }

    static Mutation remove(String name, String pointer, String refusal) {
        return new Mutation(name, "canary.yaml", pointer, null, refusal);
    }

    Mutation on(String example) {
        return new Mutation(name, example, pointer, value, refusal);
    }

    /** The changed document. */
    JsonNode apply(ObjectNode document) {
        ObjectNode copy = document.deepCopy();
        int last = pointer.lastIndexOf('/');
        JsonNode parent = copy;
        for (String step : pointer.substring(1, last).split("/")) {
            parent = parent.isArray() ? parent.get(Integer.parseInt(step))
                    : parent.has(step) ? parent.get(step) : ((ObjectNode) parent).putObject(step);
        }
        String field = pointer.substring(last + 1);
        if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(field), Judged.yaml(String.valueOf(value)));
        } else if (value == null) {
            ((ObjectNode) parent).remove(field);
        } else {
            ((ObjectNode) parent).set(field, Judged.yaml(value));
        }
        return copy;
    }

    @Override
    public String toString() {
        return name + " (" + base + ": " + pointer + (value == null ? " removed" : " = " + value) + ")";
    }
}
