package dev.stepwise.metrics.prometheus;

import dev.stepwise.traffic.Track;
import dev.stepwise.validation.InvalidValueException;
import java.util.regex.Pattern;

/**
 * How a Prometheus series names a track: the label that tells the tracks apart and its value for
 * each track. Values may use {@code {{ target }}} (spaces optional), replaced by the rollout's
 * target, e.g. {@code {{ target }}-primary} for Flagger's stable workload.
 *
 * @param label    the label name, e.g. {@code destination_workload}; a valid Prometheus label name
 * @param stable   the stable track's value, e.g. {@code {{ target }}-primary}
 * @param canary   the canary track's value, e.g. {@code {{ target }}}
 * @param baseline the baseline track's value, e.g. {@code {{ target }}-baseline}
 */
public record TrackLabels(String label, String stable, String canary, String baseline) {

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern TARGET = Pattern.compile("\\{\\{\\s*target\\s*}}");

    public TrackLabels {
        InvalidValueException.requireNonNull("label", label);
        if (!LABEL_NAME.matcher(label).matches()) {
            throw new InvalidValueException("label", "\"" + label + "\"", "must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");
        }
        requireValue("stable", stable);
        requireValue("canary", canary);
        requireValue("baseline", baseline);
    }

    /**
     * Flagger's naming: the stable workload is {@code <target>-primary}, the canary is
     * {@code <target>} itself, and the baseline {@code <target>-baseline}.
     */
    public static TrackLabels flagger(String label) {
        return new TrackLabels(label, "{{ target }}-primary", "{{ target }}", "{{ target }}-baseline");
    }

    /** The label value of {@code track} for the rollout of {@code target}, e.g. {@code podinfo-primary}. */
    public String valueFor(Track track, String target) {
        InvalidValueException.requireNonNull("track", track);
        InvalidValueException.requireNonNull("target", target);
        String template = switch (track) {
            case STABLE -> stable;
            case CANARY -> canary;
            case BASELINE -> baseline;
        };
        return TARGET.matcher(template).replaceAll(java.util.regex.Matcher.quoteReplacement(target));
    }

    private static void requireValue(String field, String value) {
        InvalidValueException.requireNonNull(field, value);
        if (value.isBlank()) {
            throw new InvalidValueException(field, "\"\"", "must be a label value");
        }
    }
}
