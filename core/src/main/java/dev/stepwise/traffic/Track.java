package dev.stepwise.traffic;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A set of pods running one version of the service, addressed separately by the mesh.
 *
 * <p>{@link #STABLE} serves the released version; {@link #CANARY} runs the new revision;
 * {@link #BASELINE} is an optional copy of the stable version started next to the canary so
 * that canary and baseline are compared on equal footing (same age, same traffic share).
 */
public enum Track {
    STABLE("stable"),
    CANARY("canary"),
    BASELINE("baseline");

    private final String label;

    Track(String label) {
        this.label = label;
    }

    /** The lower-case name used in specs, metric labels and JSON output. */
    @JsonValue
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
