package dev.stepwise.validation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problem;
import dev.stepwise.validation.Problems;
import dev.stepwise.validation.Suggestion;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one strict reader of a JSON or YAML tree (a spec, a stored rollout): one node and its path,
 * e.g. {@code spec.strategy.canary}. Reads typed values and reports a problem, with its path and
 * what was expected, for every value that is missing, unknown or of the wrong type or range. A
 * read that fails gives an empty {@link Optional}; an absent optional field gives one too, without
 * a problem.
 *
 * <p>A {@link #root collecting} reader records every problem and reading goes on; a
 * {@link #failFast fail-fast} one throws the first as an {@link InvalidValueException} naming the
 * path, so every required read it returns is present.
 */
public final class NodeReader {

    private final JsonNode node;
    private final String path;
    private final ProblemSink sink;

    private NodeReader(JsonNode node, String path, ProblemSink sink) {
        this.node = node == null ? MissingNode.getInstance() : node;
        this.path = path;
        this.sink = sink;
    }

    /** The reader of a whole document, recording problems in {@code problems}. */
    public static NodeReader root(JsonNode node, Problems problems) {
        return new NodeReader(node, "", ProblemSink.collecting(problems));
    }

    /** The reader of a whole document that throws its first problem; the root's path shows as {@code $}. */
    public static NodeReader failFast(JsonNode node) {
        return new NodeReader(node, "", ProblemSink.failingFast());
    }

    /** This node's path, "" for the root. */
    public String path() {
        return path;
    }

    public JsonNode node() {
        return node;
    }

    public boolean isPresent() {
        return !node.isMissingNode();
    }

    public boolean has(String field) {
        return node.has(field);
    }

    /** The reader of a field of this object; absent (not present) when the field is. */
    public NodeReader field(String name) {
        return new NodeReader(node.path(name), NodePath.child(path, name), sink);
    }

    // ---- problems -----------------------------------------------------------------------------

    /** Records a problem at this node's path. */
    public void problem(String message) {
        sink.add(new Problem(path, message));
    }

    /** Records a problem at a field of this node. */
    public void problem(String field, String message) {
        field(field).problem(message);
    }

    /** Records {@code expected X, got <this value>} at this node; returns empty. */
    public <T> Optional<T> expected(String what) {
        problem("expected " + what + ", got " + ValueText.describe(node));
        return Optional.empty();
    }

    /**
     * Records a builder's problems (paths named by builder fields) under this node, with
     * {@code renames} mapping builder field names to tree field names. Problems of a field that
     * already has one are dropped: they follow from the field being unreadable (the builder then
     * saw a default), and would only confuse.
     */
    public void adopt(List<Problem> builderProblems, Map<String, String> renames) {
        sink.adopt(path, builderProblems, renames);
    }

    /**
     * Runs a validating constructor: its {@link InvalidValueException} becomes a problem at its
     * field under this node, its {@link InvalidConfigException} problems under this node.
     */
    public <T> Optional<T> build(Supplier<T> constructor) {
        return sink.build(path, constructor);
    }

    /** Whether a problem was recorded at this node or below it. */
    public boolean troubled() {
        return sink.troubledAt(path);
    }

    // ---- structure ----------------------------------------------------------------------------

    /** Records an unknown-field problem for every field of this object not in {@code known}. */
    public void allowOnly(List<String> known) {
        allowOnly(known, Map.of());
    }

    /**
     * As {@link #allowOnly(List)}; {@code hints} give, for names users are known to try, the
     * advice to show instead of a "did you mean".
     */
    public void allowOnly(List<String> known, Map<String, String> hints) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                String advice = hints.containsKey(name) ? "; " + hints.get(name)
                        : Suggestion.closest(name, known).map(s -> "; did you mean " + s + "?").orElse("");
                problem(name, "unknown field; known fields: " + String.join(", ", known) + advice);
            }
        }
    }

    /** The fields of this object, in document order. */
    public Map<String, NodeReader> entries() {
        Map<String, NodeReader> entries = new LinkedHashMap<>();
        node.fieldNames().forEachRemaining(name -> entries.put(name, field(name)));
        return entries;
    }

    /** A field that must be present, read by {@code read}. */
    public <T> Optional<T> required(String field, Function<NodeReader, Optional<T>> read) {
        NodeReader value = field(field);
        if (!value.isPresent()) {
            value.problem("is required");
            return Optional.empty();
        }
        return read.apply(value);
    }

    /** An optional field, read by {@code read}; empty without a problem when absent. */
    public <T> Optional<T> optional(String field, Function<NodeReader, Optional<T>> read) {
        NodeReader value = field(field);
        return value.isPresent() ? read.apply(value) : Optional.empty();
    }

    /**
     * A field that must be present and may be {@code null}, read by {@code read} unless null; empty
     * when null, without a problem.
     */
    public <T> Optional<T> nullable(String field, Function<NodeReader, Optional<T>> read) {
        NodeReader value = field(field);
        if (!value.isPresent()) {
            value.problem("is required (null when absent)");
            return Optional.empty();
        }
        return value.node.isNull() ? Optional.empty() : read.apply(value);
    }

    public Optional<NodeReader> object(String field) {
        return optional(field, NodeReader::asObject);
    }

    public Optional<List<NodeReader>> list(String field) {
        return optional(field, NodeReader::asList);
    }

    public Optional<String> string(String field) {
        return optional(field, NodeReader::asString);
    }

    public Optional<Integer> integer(String field) {
        return optional(field, NodeReader::asInteger);
    }

    public Optional<Boolean> bool(String field) {
        return optional(field, NodeReader::asBoolean);
    }

    public Optional<Double> number(String field) {
        return optional(field, NodeReader::asNumber);
    }

    // ---- this node as a type ------------------------------------------------------------------

    public Optional<NodeReader> asObject() {
        return node.isObject() ? Optional.of(this) : expected("an object");
    }

    /** This node as an object that may hold only the fields {@code known}; see {@link #allowOnly(List)}. */
    public Optional<NodeReader> asObject(List<String> known) {
        Optional<NodeReader> object = asObject();
        object.ifPresent(o -> o.allowOnly(known));
        return object;
    }

    public Optional<List<NodeReader>> asList() {
        if (!node.isArray()) {
            return expected("a list");
        }
        List<NodeReader> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            items.add(new NodeReader(node.get(i), NodePath.index(path, i), sink));
        }
        return Optional.of(items);
    }

    public Optional<String> asString() {
        return node.isTextual() ? Optional.of(node.textValue()) : expected("a string");
    }

    public Optional<Integer> asInteger() {
        if (!node.isIntegralNumber()) {
            return expected("an integer");
        }
        if (!node.canConvertToInt()) {
            problem(node.asText() + " is out of range");
            return Optional.empty();
        }
        return Optional.of(node.intValue());
    }

    /** A whole number from {@code min} to {@code max}. */
    public Optional<Long> asLong(long min, long max) {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            return expected("a whole number between " + min + " and " + max);
        }
        return Optional.of(node.asLong());
    }

    /** A whole number from {@code min} to {@code max}. */
    public Optional<Integer> asInteger(int min, int max) {
        return asLong(min, max).map(Long::intValue);
    }

    public Optional<Boolean> asBoolean() {
        return node.isBoolean() ? Optional.of(node.booleanValue()) : expected("a boolean (true or false)");
    }

    public Optional<Double> asNumber() {
        return node.isNumber() ? Optional.of(node.doubleValue()) : expected("a number");
    }

    /** One of the strings {@code allowed}. */
    public Optional<String> asOneOf(List<String> allowed) {
        return node.isTextual() && allowed.contains(node.textValue()) ? Optional.of(node.textValue())
                : expected("one of " + String.join(", ", allowed));
    }

    /** One of {@code values}, written as its {@code label}. */
    public <E extends Enum<E>> Optional<E> asChoice(E[] values, Function<E, String> label) {
        List<String> labels = Arrays.stream(values).map(label).toList();
        return asOneOf(labels).map(text -> values[labels.indexOf(text)]);
    }

    /** An ISO-8601 UTC instant such as {@code 2026-03-01T12:00:00.123Z}. */
    public Optional<Instant> asInstant() {
        return parsed(Instant::parse, "an ISO-8601 UTC instant such as 2026-03-01T12:00:00.123Z");
    }

    /** An ISO-8601 duration such as {@code PT1M30S}. */
    public Optional<Duration> asIsoDuration() {
        return parsed(Duration::parse, "an ISO-8601 duration such as PT1M30S");
    }

    private <T> Optional<T> parsed(Function<String, T> parse, String expected) {
        if (node.isTextual()) {
            try {
                return Optional.of(parse.apply(node.textValue()));
            } catch (DateTimeParseException e) {
                // reported below, with what was expected
            }
        }
        return expected(expected);
    }
}
