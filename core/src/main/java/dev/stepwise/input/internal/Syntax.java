package dev.stepwise.input.internal;

/** How a document is written. YAML, a superset of JSON, also reads JSON. Not API. */
public enum Syntax {
    YAML,
    JSON
}
