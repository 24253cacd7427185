package dev.stepwise.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads the fields of one JSON object strictly, naming the JSON path of anything wrong
 * ({@code state.split.matches[0].track}). Unknown keys are refused, so a typo in a hand-edited
 * file is not silently read as an absent value.
 */
final class JsonObjectReader {

    private final JsonNode node;
    private final String path;

    private JsonObjectReader(JsonNode node, String path, Set<String> fields) {
        requireObject(node, path);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw new InvalidValueException(at(path, name), "(unknown field)",
                        "is not allowed; allowed fields: " + fields.stream().sorted().collect(Collectors.joining(", ")));
            }
        }
        this.node = node;
        this.path = path;
    }

    /** Reads {@code node} at {@code path} ("" for the root), which may hold only {@code fields}. */
    static JsonObjectReader of(JsonNode node, String path, String... fields) {
        return new JsonObjectReader(node, path, Set.of(fields));
    }

    /** Throws unless {@code node} is a JSON object. */
    static void requireObject(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new InvalidValueException(path.isEmpty() ? "$" : path, describe(node), "must be a JSON object");
        }
    }

    /** This object's path, "" for the root. */
    String path() {
        return path;
    }

    /** The path of {@code field} in this object. */
    String at(String field) {
        return at(path, field);
    }

    /** The raw value of a required field. */
    JsonNode required(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidValueException(at(field), value == null ? "missing" : "null", "is required");
        }
        return value;
    }

    boolean isNull(String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new InvalidValueException(at(field), "missing", "is required (null when absent)");
        }
        return value.isNull();
    }

    String text(String field) {
        JsonNode value = required(field);
        if (!value.isTextual()) {
            throw new InvalidValueException(at(field), value, "must be a string");
        }
        return value.asText();
    }

    long integer(String field, long min, long max) {
        JsonNode value = required(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            throw new InvalidValueException(at(field), value, "must be a whole number between " + min + " and " + max);
        }
        return value.asLong();
    }

    int integer(String field, int min, int max) {
        return (int) integer(field, (long) min, (long) max);
    }

    boolean bool(String field) {
        JsonNode value = required(field);
        if (!value.isBoolean()) {
            throw new InvalidValueException(at(field), value, "must be true or false");
        }
        return value.asBoolean();
    }

    Instant instant(String field) {
        String text = text(field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(at(field), "\"" + text + "\"",
                    "must be an ISO-8601 UTC instant such as 2026-03-01T12:00:00.123Z");
        }
    }

    /** An instant, or null when the field is {@code null}. */
    @Nullable Instant optionalInstant(String field) {
        return isNull(field) ? null : instant(field);
    }

    Duration duration(String field) {
        String text = text(field);
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(at(field), "\"" + text + "\"", "must be an ISO-8601 duration such as PT1M30S");
        }
    }

    /** One of {@code values}, by {@code label}. */
    <E extends Enum<E>> E choice(String field, E[] values, Function<E, String> label) {
        return choice(required(field), at(field), values, label);
    }

    static <E extends Enum<E>> E choice(JsonNode value, String path, E[] values, Function<E, String> label) {
        for (E candidate : values) {
            if (value.isTextual() && label.apply(candidate).equals(value.asText())) {
                return candidate;
            }
        }
        throw new InvalidValueException(path, value, "must be one of "
                + Arrays.stream(values).map(label).collect(Collectors.joining(", ")));
    }

    /** The nested object {@code field}, which may hold only {@code fields}. */
    JsonObjectReader object(String field, String... fields) {
        return of(required(field), at(field), fields);
    }

    /** Each element of the array {@code field}, read by {@code element} from its value and path. */
    <T> List<T> list(String field, ElementReader<T> element) {
        JsonNode array = required(field);
        if (!array.isArray()) {
            throw new InvalidValueException(at(field), describe(array), "must be a JSON array");
        }
        List<T> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            items.add(element.read(array.get(i), at(field) + "[" + i + "]"));
        }
        return items;
    }

    /**
     * Builds a value from fields read at {@code path}; a value a record refuses (weights not summing
     * to 100) is reported under that path.
     */
    static <T> T build(String path, Supplier<T> factory) {
        try {
            return factory.get();
        } catch (InvalidValueException e) {
            String prefix = e.field() + ": ";
            String rest = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            String where = path.isEmpty() ? e.field() : path + "." + e.field();
            throw new InvalidValueException(where, rest, "(in the stored rollout)");
        }
    }

    private static String at(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String describe(JsonNode node) {
        return node == null ? "missing" : node.getNodeType().toString().toLowerCase(Locale.ROOT) + " " + node;
    }

    /** Reads one array element given its value and path. */
    @FunctionalInterface
    interface ElementReader<T> {
        T read(JsonNode value, String path);
    }
}
