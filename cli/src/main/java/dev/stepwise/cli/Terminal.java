package dev.stepwise.cli;

import java.util.Map;

/**
 * Where the CLI's output goes, as far as formatting cares: whether a person watches it on a
 * terminal, and the environment. Injected, so that tests run as a script would.
 *
 * @param interactive whether standard output is a terminal ({@code System.console() != null})
 * @param environment the process environment, read for {@code NO_COLOR}
 */
record Terminal(boolean interactive, Map<String, String> environment) {

    Terminal {
        environment = Map.copyOf(environment);
    }

    /** The real one: interactive when the JVM has a console. */
    static Terminal system() {
        return new Terminal(System.console() != null, System.getenv());
    }

    /** Output read by a program: no colours, no redrawing. */
    static Terminal script() {
        return new Terminal(false, Map.of());
    }

    /**
     * Whether to colour the output: only on a terminal, never with {@code --no-color}, and never
     * when {@code NO_COLOR} is set to anything but the empty string (no-color.org).
     */
    boolean colour(boolean noColorOption) {
        String noColor = environment.get("NO_COLOR");
        return interactive && !noColorOption && (noColor == null || noColor.isEmpty());
    }
}
