package dev.stepwise.analysis;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.stepwise.validation.InvalidValueException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a {@link JudgeCheck} answers once it has taken {@code holdLimit} looks without concluding,
 * usually because the traffic is too low to decide. Too little data is never evidence of health,
 * so no choice lets the judge pass as a judge that found the canary healthy; each is a verdict
 * whose reason says the judge was inconclusive and which choice applied.
 */
public enum OnInconclusive {
    /** Every further inconclusive look is a failed analysis, counted against the threshold. */
    ROLLBACK("rollback"),
    /**
     * The default: every further inconclusive look passes, saying so: the judge abstains and the
     * threshold checks alone decide, promotion included, as they would without the judge. A later
     * conclusion of the judge still counts ({@code HARMFUL} still rolls back at once).
     */
    PROMOTE_ON_CHECKS("promote-on-checks"),
    /**
     * Promotion keeps waiting for the judge's conclusion (or an operator's {@code promote} or
     * {@code abort}); the judge keeps looking, and a conclusion still acts. The threshold checks
     * go on too, so at low traffic a waiting good canary meets their false failures again and again.
     */
    HOLD("hold");

    private final String label;

    OnInconclusive(String label) {
        this.label = label;
    }

    /** The spec's spelling: {@code rollback}, {@code promote-on-checks}, {@code hold}. */
    @JsonValue
    public String label() {
        return label;
    }

    /** Every spelling, in declaration order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(OnInconclusive::label).collect(Collectors.toList());
    }

    /** The choice spelt {@code label}. */
    public static OnInconclusive of(String label) {
        return Arrays.stream(values()).filter(v -> v.label.equals(label)).findFirst()
                .orElseThrow(() -> new InvalidValueException("onInconclusive", label, "must be one of " + labels()));
    }

    @Override
    public String toString() {
        return label;
    }
}
