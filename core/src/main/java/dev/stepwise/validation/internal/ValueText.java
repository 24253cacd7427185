package dev.stepwise.validation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** How problems show values and names. */
public final class ValueText {

    private static final int SHOWN_TEXT = 60;

    private ValueText() {
    }

    /** A value with its type, e.g. {@code string "five"}, {@code integer 5}, {@code a list}. */
    public static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            String text = value.textValue();
            return "string " + quote(text.length() > SHOWN_TEXT ? text.substring(0, SHOWN_TEXT) + "..." : text);
        }
        if (value.isBoolean()) {
            return "boolean " + value.asText();
        }
        if (value.isIntegralNumber()) {
            return "integer " + value.asText();
        }
        if (value.isNumber()) {
            return "number " + value.asText();
        }
        return value.isArray() ? "a list" : "an object";
    }

    /** {@code "text"}, with quotes, backslashes and line breaks escaped. */
    public static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** A number as a person writes it: {@code 100}, not {@code 100.0}; {@code 1.0E308} and {@code 0.5} stay so. */
    public static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /** {@code a and b are both set}, {@code a, b and c are all set}. */
    public static String setTogether(List<String> names) {
        String last = names.get(names.size() - 1);
        String others = String.join(", ", names.subList(0, names.size() - 1));
        return others + " and " + last + (names.size() == 2 ? " are both set" : " are all set");
    }
}
