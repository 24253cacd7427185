package dev.stepwise.spec;

import dev.stepwise.validation.internal.NodeReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fields of a custom strategy in a spec ({@code spec.strategy.custom}, without {@code type}),
 * read the way every other section is: a read of a missing optional field is empty without a
 * problem; a value of the wrong type or range is a problem at its path (e.g.
 * {@code spec.strategy.custom.maxWeight: 150 must be ...}), and the read is empty. Every problem is
 * collected; the spec reports all of them at once. Not thread-safe; valid during
 * {@link StrategyProvider#create} only.
 */
public final class StrategyFields {

    private final NodeReader fields;

    StrategyFields(NodeReader fields) {
        this.fields = fields;
    }

    /** Where these fields are in the spec: {@code spec.strategy.custom}. */
    public String path() {
        return fields.path();
    }

    /** The names of the fields given, {@code type} left out, sorted. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>(fields.entries().keySet());
        names.remove(StrategySpecReader.CUSTOM_TYPE);
        return names;
    }

    public boolean has(String field) {
        return fields.has(field) && !field.equals(StrategySpecReader.CUSTOM_TYPE);
    }

    /** Reports every field not in {@code known} (nor {@code type}), with a "did you mean" when one is close. */
    public void allowOnly(String... known) {
        List<String> all = new ArrayList<>();
        all.add(StrategySpecReader.CUSTOM_TYPE);
        all.addAll(Arrays.asList(known));
        fields.allowOnly(all);
    }

    /** An integer; empty when absent or not an integer. */
    public Optional<Integer> integer(String field) {
        return fields.integer(field);
    }

    /** An integer from {@code min} to {@code max}; anything else is a problem naming the range. */
    public Optional<Integer> integer(String field, int min, int max) {
        return fields.optional(field, value -> value.asInteger(min, max));
    }

    /** A list of integers; empty when absent or when any item is not an integer (each reported). */
    public Optional<List<Integer>> integers(String field) {
        return fields.list(field).flatMap(items -> {
            List<Integer> values = new ArrayList<>();
            boolean complete = true;
            for (NodeReader item : items) {
                Optional<Integer> value = item.asInteger();
                value.ifPresent(values::add);
                complete &= value.isPresent();
            }
            return complete ? Optional.of(List.copyOf(values)) : Optional.empty();
        });
    }

    public Optional<String> string(String field) {
        return fields.string(field);
    }

    public Optional<Boolean> bool(String field) {
        return fields.bool(field);
    }

    public Optional<Double> number(String field) {
        return fields.number(field);
    }

    /** A duration written Go-style ({@code 30s}, {@code 5m}, {@code 1h30m}) or ISO-8601. */
    public Optional<Duration> duration(String field) {
        return fields.optional(field, SpecValues::duration);
    }

    /** Records a problem at {@code field}, e.g. {@code problem("maxWeight", "must be a power of 2")}. */
    public void problem(String field, String message) {
        fields.problem(field, message);
    }

    /** Records a problem about the fields as a whole, at {@link #path()}. */
    public void problem(String message) {
        fields.problem(message);
    }

    /** Whether a problem was recorded at these fields or below. */
    public boolean troubled() {
        return fields.troubled();
    }

    @Override
    public String toString() {
        return "StrategyFields[" + path() + " " + names() + "]";
    }
}
