package dev.stepwise.spi;

import dev.stepwise.traffic.Track;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The samples one metric of a distribution judge needs from one track for one look: its values
 * over the last {@code lookback}, one every {@code step} (for Prometheus one range query).
 *
 * @param judge     the judge's name, for messages
 * @param metric    the metric's name within the judge
 * @param template  the metric's query template
 * @param track     whose samples: the canary, or the control (baseline or stable)
 * @param lookback  how far back the samples go, positive
 * @param step      time between two samples, positive and at most {@code lookback}
 * @param variables template variables ({@code namespace}, {@code target}, {@code interval} (the step), user-defined)
 */
public record SampleQuery(String judge, String metric, String template, Track track, Duration lookback, Duration step,
                          Map<String, String> variables) {

    public SampleQuery {
        InvalidValueException.requireNonNull("judge", judge);
        InvalidValueException.requireNonNull("metric", metric);
        InvalidValueException.requireNonNull("template", template);
        InvalidValueException.requireNonNull("track", track);
        InvalidValueException.requireNonNull("lookback", lookback);
        InvalidValueException.requireNonNull("step", step);
        if (step.isNegative() || step.isZero() || step.compareTo(lookback) > 0) {
            throw new InvalidValueException("step", step, "must be positive and at most lookback (" + lookback + ")");
        }
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }

    /** How many samples the range holds at most: {@code lookback / step}. */
    public long expectedSamples() {
        return lookback.toMillis() / step.toMillis();
    }

    @Override
    public String toString() {
        return "SampleQuery[" + judge + "/" + metric + " for " + track + " over " + lookback + " every " + step
                + ", variables " + new TreeMap<>(variables) + "]";
    }
}
