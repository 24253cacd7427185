package dev.stepwise.kubernetes;

import dev.stepwise.validation.InvalidValueException;
import java.util.regex.Pattern;

/**
 * Where {@code delivery: cluster} keeps rollouts' state: the namespace of their
 * {@link ConfigMapStateStore} ConfigMaps. Given to a launch as an environment service
 * ({@code LaunchEnvironment.builder().with(StateNamespace.class, new StateNamespace("stepwise-system"))});
 * without it, each rollout's state is kept in the rollout's own namespace. Every process acting on the
 * same rollouts ({@code stepwise run}, the operator commands, an embedding engine) must use the same one.
 *
 * @param name a DNS-1123 label
 */
public record StateNamespace(String name) {

    /** The namespace the CLI uses unless told otherwise. */
    public static final String CLI_DEFAULT = "stepwise-system";

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public StateNamespace {
        if (name == null || !DNS_LABEL.matcher(name).matches()) {
            throw new InvalidValueException("stateNamespace", name, "must be a DNS-1123 label (lower-case letters, digits, '-')");
        }
    }
}
