package dev.stepwise.validation.internal;

import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problem;
import dev.stepwise.validation.Problems;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where the readers of one tree send their problems: collected, so that reading goes on and every
 * problem is reported (a spec a person wrote), or thrown at the first one (a stored record, which
 * is read whole or refused). Remembers which paths have a problem.
 */
final class ProblemSink {

    private final Problems problems;
    private final boolean failFast;
    private final Set<String> troubled = new HashSet<>();

    private ProblemSink(Problems problems, boolean failFast) {
        this.problems = problems;
        this.failFast = failFast;
    }

    /** Collects every problem in {@code problems}. */
    static ProblemSink collecting(Problems problems) {
        return new ProblemSink(problems, false);
    }

    /** Throws the first problem as an {@link InvalidValueException}; the root's path shows as {@code $}. */
    static ProblemSink failingFast() {
        return new ProblemSink(new Problems(), true);
    }

    void add(Problem problem) {
        if (failFast) {
            throw new InvalidValueException(problem.path().isEmpty() ? new Problem("$", problem.message()) : problem);
        }
        problems.add(problem.path(), problem.message());
        troubled.add(problem.path());
    }

    /** Whether a problem was recorded at {@code at} or below it; anywhere, for the root. */
    boolean troubledAt(String at) {
        return troubled.stream().anyMatch(t -> t.equals(at) || at.isEmpty()
                || t.startsWith(at + ".") || t.startsWith(at + "["));
    }

    /** See {@link NodeReader#adopt}: a builder's problems under {@code path}, but none below a troubled field. */
    void adopt(String path, List<Problem> builderProblems, Map<String, String> renames) {
        List<Problem> adopted = new ArrayList<>();
        for (Problem p : builderProblems) {
            String top = NodePath.topField(p.path());
            String field = renames.getOrDefault(top, top);
            String rest = p.path().substring(top.length());
            if (field.isEmpty() ? !troubledAt(path) : !troubledAt(NodePath.child(path, field))) {
                adopted.add(new Problem(field + rest, p.message()).under(path));
            }
        }
        adopted.forEach(this::add);
    }

    /** See {@link NodeReader#build}: a validating constructor's exception as problems under {@code path}. */
    <T> Optional<T> build(String path, Supplier<T> constructor) {
        try {
            return Optional.of(constructor.get());
        } catch (InvalidConfigException e) {
            e.problems().forEach(p -> add(p.under(path)));
        } catch (InvalidValueException e) {
            String prefix = e.field() + ": ";
            String message = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            add(new Problem(e.field(), message).under(path));
        }
        return Optional.empty();
    }
}
