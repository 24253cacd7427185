package dev.stepwise.spec;

import java.util.stream.Collectors;

/** Builds small spec documents for tests, so that each case shows only what it is about. */
final class SpecTexts {

    static final String HEADER = "apiVersion: stepwise.dev/v1alpha1\n"
            + "kind: Rollout\n"
            + "metadata: {name: podinfo, namespace: test}\n";

    private SpecTexts() {
    }

    /** A document whose {@code spec} holds the target podinfo and {@code body}. */
    static String withSpec(String body) {
        return HEADER + "spec:\n  target: {name: podinfo}\n" + indent(body, 2);
    }

    /** A document with {@code strategy} (the lines under {@code spec.strategy}) and no analysis. */
    static String withStrategy(String strategy) {
        return withSpec("strategy:\n" + indent(strategy, 2));
    }

    /** A document with a default canary and {@code analysis} (the lines under {@code spec.analysis}). */
    static String withAnalysis(String analysis) {
        return withSpec("strategy: {canary: {}}\nanalysis:\n" + indent(analysis, 2));
    }

    static String indent(String text, int spaces) {
        String pad = " ".repeat(spaces);
        return text.lines().map(line -> line.isEmpty() ? line : pad + line).collect(Collectors.joining("\n", "", "\n"));
    }
}
