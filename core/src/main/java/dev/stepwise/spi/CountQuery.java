package dev.stepwise.spi;

import dev.stepwise.analysis.BadRequests;
import dev.stepwise.traffic.Track;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request counts one judge needs for one look: requests and bad requests of the canary and
 * of the control track, over the same window (one query per metric, so both counts describe the
 * same traffic).
 *
 * @param judge     the judge's name, for messages
 * @param counted   what counts as a bad request
 * @param control   the track the canary is compared with: {@link Track#BASELINE} or {@link Track#STABLE}
 * @param window    how far back the counts look
 * @param variables template variables ({@code namespace}, {@code target}, {@code interval}, user-defined)
 */
public record CountQuery(String judge, BadRequests counted, Track control, Duration window, Map<String, String> variables) {

    public CountQuery {
        InvalidValueException.requireNonNull("judge", judge);
        InvalidValueException.requireNonNull("counted", counted);
        InvalidValueException.requireNonNull("control", control);
        InvalidValueException.requireNonNull("window", window);
        if (control == Track.CANARY) {
            throw new InvalidValueException("control", control, "must be baseline or stable");
        }
        if (window.isNegative() || window.isZero()) {
            throw new InvalidValueException("window", window, "must be positive");
        }
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }

    @Override
    public String toString() {
        return "CountQuery[" + judge + ": " + counted + ", canary against " + control + " over " + window
                + ", variables " + new TreeMap<>(variables) + "]";
    }
}
