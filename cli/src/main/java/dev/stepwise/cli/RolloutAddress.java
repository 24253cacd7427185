package dev.stepwise.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The rollout an operator command acts on: {@code NAME [-n NAMESPACE]}, stored as {@code NAMESPACE/NAME}. */
final class RolloutAddress {

    @Parameters(index = "0", paramLabel = "NAME", description = "The rollout's name (its target's name).")
    String name = "";

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", defaultValue = "default",
            description = "The rollout's namespace; default ${DEFAULT-VALUE}.")
    String namespace = "default";

    /** The id the engine stores the rollout under. */
    String id() {
        return namespace + "/" + name;
    }
}
