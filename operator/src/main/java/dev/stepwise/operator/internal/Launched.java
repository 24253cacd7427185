package dev.stepwise.operator.internal;

import dev.stepwise.launch.Launch;

/**
 * A rollout the controller runs: the launch of one generation of its resource.
 *
 * @param generation the resource's {@code metadata.generation} launched
 * @param launch     what the launcher built for it
 * @param target     the target Deployment's key {@code namespace/name}
 */
public record Launched(long generation, Launch launch, String target) {
}
