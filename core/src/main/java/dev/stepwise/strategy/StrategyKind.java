package dev.stepwise.strategy;

import com.fasterxml.jackson.annotation.JsonValue;

/** The family of a strategy; the names are the keys of {@code spec.strategy} in a spec. */
public enum StrategyKind {
    CANARY("canary"),
    BLUE_GREEN("blueGreen"),
    ROLLING("rolling"),
    AB_TEST("abTest"),
    /** A strategy written by a user. */
    CUSTOM("custom");

    private final String label;

    StrategyKind(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
