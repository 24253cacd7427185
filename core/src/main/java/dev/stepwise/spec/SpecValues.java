package dev.stepwise.spec;

import dev.stepwise.time.Durations;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.internal.NodeReader;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Values as people write them in a spec, read from a {@link NodeReader}: durations and percents. */
final class SpecValues {

    private static final Pattern PERCENT = Pattern.compile("(-?\\d{1,9})%");

    private SpecValues() {
    }

    /** A Go-style or ISO-8601 duration; see {@link Durations}. */
    static Optional<Duration> duration(NodeReader value) {
        if (!value.node().isTextual()) {
            return value.expected("a duration such as " + Durations.EXAMPLES);
        }
        try {
            return Optional.of(Durations.parse(value.node().textValue()));
        } catch (IllegalArgumentException e) {
            value.problem(String.valueOf(e.getMessage()));
            return Optional.empty();
        }
    }

    /**
     * A duration between {@code min} and {@code max}, inclusive; one outside is a problem naming
     * the range as written, e.g. {@code 1000000h must be between 10ms and 24h}. The value types
     * check the same range (for the Java API); checking it here too reports it even when another
     * field of the same object has a problem.
     */
    static Function<NodeReader, Optional<Duration>> durationBetween(Duration min, Duration max) {
        return value -> {
            Optional<Duration> duration = duration(value);
            if (duration.isPresent() && (duration.get().compareTo(min) < 0 || duration.get().compareTo(max) > 0)) {
                value.problem(value.node().textValue().strip() + " must be " + InvalidValueException.between(min, max));
                return Optional.empty();
            }
            return duration;
        };
    }

    /**
     * A share of replicas written as {@code N%}; a bare {@code 0} is accepted. Any other bare
     * number is rejected: Kubernetes reads {@code maxSurge: 1} as one pod, and silently taking
     * it as 1% would surprise exactly the people who know Kubernetes best.
     */
    static Optional<Integer> replicaPercent(NodeReader value) {
        if (value.node().isIntegralNumber() && value.node().asLong() != 0) {
            String text = value.node().asText();
            value.problem(text + " is ambiguous: Kubernetes reads a bare number as pods, Stepwise counts a percent"
                    + " of the desired replicas; write \"" + text + "%\"");
            return Optional.empty();
        }
        return percent(value);
    }

    /** A whole percent: an integer, or a string such as {@code "25%"}. */
    static Optional<Integer> percent(NodeReader value) {
        if (value.node().isIntegralNumber()) {
            return value.asInteger();
        }
        Matcher m = value.node().isTextual() ? PERCENT.matcher(value.node().textValue().strip()) : null;
        if (m == null || !m.matches()) {
            return value.expected("an integer or a percentage such as 25%");
        }
        return Optional.of(Integer.parseInt(m.group(1)));
    }
}
