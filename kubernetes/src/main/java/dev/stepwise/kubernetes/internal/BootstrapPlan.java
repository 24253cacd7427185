package dev.stepwise.kubernetes.internal;

import dev.stepwise.mesh.ResourceRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What bootstrapping found, in order: resources that exist and fit, resources to create (with
 * how a person would create them, and the check to run if another writer creates one first), and
 * problems with resources that exist but do not fit.
 */
public final class BootstrapPlan {

    /** A resource looked at: found ({@code exists}, {@code desired} is what was read) or to create ({@code desired}). */
    public record Step(ResourceRef ref, HasMetadata desired, boolean exists, String description,
                       Function<HasMetadata, List<String>> check) {
    }

    private final List<Step> steps = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    /** {@code existing} is there; records it, or its problems when {@code check} finds any. */
    public void found(ResourceRef ref, HasMetadata existing, Function<HasMetadata, List<String>> check) {
        List<String> found = check.apply(existing);
        problems.addAll(found);
        if (found.isEmpty()) {
            steps.add(new Step(ref, existing, true, "", check));
        }
    }

    /** {@code desired} is missing; {@code description} says how to create it, {@code check} judges one made meanwhile. */
    public void missing(ResourceRef ref, HasMetadata desired, String description,
                        Function<HasMetadata, List<String>> check) {
        steps.add(new Step(ref, desired, false, description, check));
    }

    /** A problem that is no one resource's. */
    public void problem(String problem) {
        problems.add(problem);
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** "create <kind> <ns>/<name>: <description>", one per missing resource. */
    public List<String> toCreate() {
        return steps.stream().filter(s -> !s.exists())
                .map(s -> "create " + s.ref().kind() + " " + s.ref().namespace() + "/" + s.ref().name() + ": "
                        + s.description()).toList();
    }
}
