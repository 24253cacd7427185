package dev.stepwise.spec;

import dev.stepwise.validation.Suggestion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problem;
import dev.stepwise.validation.Problems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node of a spec tree and its path, e.g. {@code spec.strategy.canary}. Reads typed values
 * and records a problem, with its path, for every value that is missing, unknown or of the wrong
 * type, so that reading goes on and every problem is reported. A read that fails gives an empty
 * {@link Optional}; an absent optional field gives one too, without a problem.
 */
final class NodeReader {

    private static final Pattern PERCENT = Pattern.compile("(-?\\d{1,9})%");

    /** Where every reader of one spec records problems, and which paths already have one. */
    private record Sink(Problems problems, Set<String> troubled) {
    }

    private final JsonNode node;
    private final String path;
    private final Sink sink;

    private NodeReader(JsonNode node, String path, Sink sink) {
        this.node = node == null ? MissingNode.getInstance() : node;
        this.path = path;
        this.sink = sink;
    }

    /** The reader of a whole document, recording problems in {@code problems}. */
    static NodeReader root(JsonNode node, Problems problems) {
        return new NodeReader(node, "", new Sink(problems, new HashSet<>()));
    }

    String path() {
        return path;
    }

    JsonNode node() {
        return node;
    }

    boolean isPresent() {
        return !node.isMissingNode();
    }

    boolean has(String field) {
        return node.has(field);
    }

    /** The reader of a field of this object; absent (not present) when the field is. */
    NodeReader field(String name) {
        return new NodeReader(node.path(name), SpecPath.child(path, name), sink);
    }

    // ---- problems -----------------------------------------------------------------------------

    /** Records a problem at this node's path. */
    void problem(String message) {
        sink.problems().add(path, message);
        sink.troubled().add(path);
    }

    /** Records a problem at a field of this node. */
    void problem(String field, String message) {
        field(field).problem(message);
    }

    /**
     * Records a builder's problems (paths named by builder fields) under this node, with
     * {@code renames} mapping builder field names to spec field names. Problems of a field that
     * already has one are dropped: they follow from the field being unreadable (the builder then
     * saw a default), and would only confuse.
     */
    void adopt(List<Problem> builderProblems, Map<String, String> renames) {
        List<Problem> adopted = new ArrayList<>();
        for (Problem p : builderProblems) {
            String top = SpecPath.topField(p.path());
            String field = renames.getOrDefault(top, top);
            String rest = p.path().substring(top.length());
            if (field.isEmpty() ? !troubledAt(path) : !troubledAt(SpecPath.child(path, field))) {
                adopted.add(new Problem(field + rest, p.message()).under(path));
            }
        }
        adopted.forEach(this::at);
    }

    /**
     * Runs a validating constructor: its {@link InvalidValueException} becomes a problem at its
     * field under this node, its {@link InvalidConfigException} problems under this node.
     */
    <T> Optional<T> build(Supplier<T> constructor) {
        try {
            return Optional.of(constructor.get());
        } catch (InvalidConfigException e) {
            e.problems().forEach(p -> at(p.under(path)));
        } catch (InvalidValueException e) {
            String prefix = e.field() + ": ";
            String message = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            at(new Problem(e.field(), message).under(path));
        }
        return Optional.empty();
    }

    private void at(Problem problem) {
        sink.problems().add(problem.path(), problem.message());
        sink.troubled().add(problem.path());
    }

    /** Whether a problem was recorded at this node or below it. */
    boolean troubled() {
        return troubledAt(path);
    }

    private boolean troubledAt(String at) {
        return sink.troubled().stream().anyMatch(t -> t.equals(at) || at.isEmpty()
                || t.startsWith(at + ".") || t.startsWith(at + "["));
    }

    // ---- structure ----------------------------------------------------------------------------

    /** Records an unknown-field problem for every field of this object not in {@code known}. */
    void allowOnly(List<String> known) {
        allowOnly(known, Map.of());
    }

    /**
     * As {@link #allowOnly(List)}; {@code hints} give, for names users are known to try, the
     * advice to show instead of a "did you mean".
     */
    void allowOnly(List<String> known, Map<String, String> hints) {
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
    Map<String, NodeReader> entries() {
        Map<String, NodeReader> entries = new LinkedHashMap<>();
        node.fieldNames().forEachRemaining(name -> entries.put(name, field(name)));
        return entries;
    }

    /** A field that must be present, read by {@code read}. */
    <T> Optional<T> required(String field, Function<NodeReader, Optional<T>> read) {
        NodeReader value = field(field);
        if (!value.isPresent()) {
            value.problem("is required");
            return Optional.empty();
        }
        return read.apply(value);
    }

    /** An optional field, read by {@code read}; empty without a problem when absent. */
    <T> Optional<T> optional(String field, Function<NodeReader, Optional<T>> read) {
        NodeReader value = field(field);
        return value.isPresent() ? read.apply(value) : Optional.empty();
    }

    Optional<NodeReader> object(String field) {
        return optional(field, NodeReader::asObject);
    }

    Optional<List<NodeReader>> list(String field) {
        return optional(field, NodeReader::asList);
    }

    Optional<String> string(String field) {
        return optional(field, NodeReader::asString);
    }

    Optional<Integer> integer(String field) {
        return optional(field, NodeReader::asInteger);
    }

    Optional<Boolean> bool(String field) {
        return optional(field, NodeReader::asBoolean);
    }

    Optional<Double> number(String field) {
        return optional(field, NodeReader::asNumber);
    }

    /** A duration that must be positive. */
    Optional<Duration> positiveDuration(String field) {
        return optional(field, NodeReader::asPositiveDuration);
    }

    Optional<Integer> percent(String field) {
        return optional(field, NodeReader::asPercent);
    }

    // ---- this node as a type ------------------------------------------------------------------

    Optional<NodeReader> asObject() {
        return node.isObject() ? Optional.of(this) : wrongType("an object");
    }

    Optional<List<NodeReader>> asList() {
        if (!node.isArray()) {
            return wrongType("a list");
        }
        List<NodeReader> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            items.add(new NodeReader(node.get(i), SpecPath.index(path, i), sink));
        }
        return Optional.of(items);
    }

    Optional<String> asString() {
        return node.isTextual() ? Optional.of(node.textValue()) : wrongType("a string");
    }

    Optional<Integer> asInteger() {
        if (!node.isIntegralNumber()) {
            return wrongType("an integer");
        }
        if (!node.canConvertToInt()) {
            problem(node.asText() + " is out of range");
            return Optional.empty();
        }
        return Optional.of(node.intValue());
    }

    Optional<Boolean> asBoolean() {
        return node.isBoolean() ? Optional.of(node.booleanValue()) : wrongType("a boolean (true or false)");
    }

    Optional<Double> asNumber() {
        return node.isNumber() ? Optional.of(node.doubleValue()) : wrongType("a number");
    }

    /** A Go-style or ISO-8601 duration; see {@link Durations}. */
    Optional<Duration> asDuration() {
        if (!node.isTextual()) {
            return wrongType("a duration such as " + Durations.EXAMPLES);
        }
        try {
            return Optional.of(Durations.parse(node.textValue()));
        } catch (IllegalArgumentException e) {
            problem(String.valueOf(e.getMessage()));
            return Optional.empty();
        }
    }

    Optional<Duration> asPositiveDuration() {
        Optional<Duration> duration = asDuration();
        if (duration.isPresent() && (duration.get().isNegative() || duration.get().isZero())) {
            problem(node.textValue() + " must be a positive duration");
            return Optional.empty();
        }
        return duration;
    }

    /** A whole percent: an integer, or a string such as {@code "25%"}. */
    /**
     * A share of replicas written as {@code N%}; a bare {@code 0} is accepted. Any other bare
     * number is rejected: Kubernetes reads {@code maxSurge: 1} as one pod, and silently taking
     * it as 1% would surprise exactly the people who know Kubernetes best.
     */
    Optional<Integer> asReplicaPercent() {
        if (node.isIntegralNumber() && node.asLong() != 0) {
            problem(node.asText() + " is ambiguous: Kubernetes reads a bare number as pods, Stepwise counts a percent"
                    + " of the desired replicas; write \"" + node.asText() + "%\"");
            return Optional.empty();
        }
        return asPercent();
    }

    Optional<Integer> asPercent() {
        if (node.isIntegralNumber()) {
            return asInteger();
        }
        Matcher m = node.isTextual() ? PERCENT.matcher(node.textValue().strip()) : null;
        if (m == null || !m.matches()) {
            return wrongType("an integer or a percentage such as 25%");
        }
        return Optional.of(Integer.parseInt(m.group(1)));
    }

    private <T> Optional<T> wrongType(String expected) {
        problem("expected " + expected + ", got " + ValueText.describe(node));
        return Optional.empty();
    }
}
