package dev.stepwise.validation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration or spec with one or more problems. The message lists every problem, one per
 * line, each with its path; {@link #problems()} gives them as values.
 *
 * <p>Not final: {@code dev.stepwise.spec.InvalidSpecException} adds the name of the spec's source.
 */
public class InvalidConfigException extends IllegalArgumentException {

    private final List<Problem> problems;

    public InvalidConfigException(String what, List<Problem> problems) {
        super(what + " is invalid (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
