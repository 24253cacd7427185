package dev.stepwise.spi;

import dev.stepwise.traffic.Track;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * One metric to read for one track over one window.
 *
 * @param name      the check's name ({@code request-success-rate}, {@code request-duration}, or custom)
 * @param template  the query template of a custom check; empty for a built-in, which the source
 *                  knows by name
 * @param track     whose traffic the value is about
 * @param window    how far back the value looks
 * @param variables template variables ({@code namespace}, {@code target}, {@code interval}, user-defined)
 */
public record MetricQuery(String name, String template, Track track, Duration window, Map<String, String> variables) {

    public MetricQuery {
        InvalidValueException.requireNonNull("name", name);
        InvalidValueException.requireNonNull("track", track);
        InvalidValueException.requireNonNull("window", window);
        if (window.isNegative() || window.isZero()) {
            throw new InvalidValueException("window", window, "must be positive");
        }
        template = template == null ? "" : template;
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }

    @Override
    public String toString() {
        return "MetricQuery[" + name + " for " + track + " over " + window
                + (template.isEmpty() ? "" : ", custom") + ", variables " + new TreeMap<>(variables) + "]";
    }
}
