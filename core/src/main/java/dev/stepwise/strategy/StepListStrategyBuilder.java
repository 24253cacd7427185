package dev.stepwise.strategy;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.validation.Problem;
import dev.stepwise.validation.Problems;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds a validated {@link StepListStrategy}: at least one step; weights never decreasing (a
 * canary gives traffic back only by rolling back or aborting, both of which a person sees as
 * such); a header route or mirror removed only by a name set before it; one mirror at a time; an
 * analysis step's check names unique and distinct from the rollout's own checks (their verdicts
 * are told apart by name). Paths are {@code steps[i]...}.
 */
public final class StepListStrategyBuilder {
    private final List<@Nullable CanaryStep> steps = new ArrayList<>();
    private AnalysisPolicy analysis = AnalysisPolicy.ofDefaults();

    StepListStrategyBuilder() {
    }

    /** Appends {@code step}. */
    public StepListStrategyBuilder step(CanaryStep step) {
        steps.add(step);
        return this;
    }

    /** Replaces the steps with {@code all}. */
    public StepListStrategyBuilder steps(List<? extends @Nullable CanaryStep> all) {
        steps.clear();
        steps.addAll(all);
        return this;
    }

    /** The rollout's own checks, judged wherever the canary serves; default {@link AnalysisPolicy#ofDefaults()}. */
    public StepListStrategyBuilder analysis(AnalysisPolicy analysis) {
        this.analysis = analysis;
        return this;
    }

    /** Every problem with this configuration, each with its path; empty when valid. */
    public List<Problem> problems() {
        Problems problems = new Problems();
        validate(problems);
        return problems.toList();
    }

    /** @throws dev.stepwise.validation.InvalidConfigException listing every problem */
    public StepListStrategy build() {
        Problems problems = new Problems();
        List<CanaryStep> valid = validate(problems);
        problems.throwIfAny("canary step list");
        return new StepListStrategy(analysis, valid);
    }

    private List<CanaryStep> validate(Problems problems) {
        if (analysis == null) {
            problems.add("analysis", "is required");
            return List.of();
        }
        if (steps.isEmpty()) {
            problems.add("steps", "must hold at least one step");
        }
        Set<String> ownChecks = new HashSet<>(analysis.expectedVerdicts());
        List<CanaryStep> valid = new ArrayList<>();
        int weight = 0;
        int weightStep = -1;
        Map<String, Integer> routes = new HashMap<>();
        String mirror = "";
        int mirrorStep = -1;
        for (int i = 0; i < steps.size(); i++) {
            CanaryStep step = steps.get(i);
            String at = "steps[" + i + "]";
            if (step == null) {
                problems.add(at, "must be a step");
                continue;
            }
            valid.add(step);
            if (step instanceof CanaryStep.SetWeight set) {
                if (set.weight() < weight) {
                    problems.add(at + ".setWeight", set.weight() + " must not be below the weight before it, " + weight
                            + " (steps[" + weightStep + "]): weights never decrease; abort or a failed analysis returns"
                            + " traffic to stable");
                } else {
                    weight = set.weight();
                    weightStep = i;
                }
            } else if (step instanceof CanaryStep.SetHeaderRoute route) {
                if (!route.removes()) {
                    routes.put(route.name(), i);
                } else if (routes.remove(route.name()) == null) {
                    problems.add(at + ".setHeaderRoute.name", quote(route.name()) + " names no header route set before it"
                            + (routes.isEmpty() ? "" : "; set: " + String.join(", ", routes.keySet())));
                }
            } else if (step instanceof CanaryStep.SetMirrorRoute set) {
                if (set.removes()) {
                    if (!set.name().equals(mirror)) {
                        problems.add(at + ".setMirrorRoute.name", quote(set.name()) + " names no mirror route set before it"
                                + (mirror.isEmpty() ? "" : "; set: " + mirror));
                    } else {
                        mirror = "";
                    }
                } else if (!mirror.isEmpty() && !mirror.equals(set.name())) {
                    problems.add(at + ".setMirrorRoute.name", quote(set.name()) + ": mirror " + quote(mirror) + " (steps["
                            + mirrorStep + "]) is in force and one mirror runs at a time; remove it first");
                } else {
                    mirror = set.name();
                    mirrorStep = i;
                }
            } else if (step instanceof CanaryStep.Analysis own) {
                checkNames(problems, at + ".analysis.metrics", own.metrics(), ownChecks);
            }
        }
        return valid;
    }

    private static void checkNames(Problems problems, String path, List<MetricCheck> metrics, Set<String> ownChecks) {
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < metrics.size(); k++) {
            String name = metrics.get(k).name();
            if (ownChecks.contains(name)) {
                problems.add(path + "[" + k + "].name", quote(name) + " is one of the rollout's own checks (analysis),"
                        + " judged at every step already; give the step's check another name");
            } else if (!seen.add(name)) {
                problems.add(path + "[" + k + "].name", quote(name) + " is used by an earlier check of this step; names must be unique");
            }
        }
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }
}
