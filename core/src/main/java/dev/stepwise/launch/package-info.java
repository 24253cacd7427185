/**
 * From a spec to a running rollout: {@link dev.stepwise.launch.RolloutLauncher} turns a
 * {@link dev.stepwise.spec.RolloutSpec} and a {@link dev.stepwise.launch.LaunchEnvironment} into
 * a {@link dev.stepwise.engine.RolloutDefinition} and the state store to run it with.
 *
 * <p>The adapters are found with {@link java.util.ServiceLoader}: each adapter module registers its
 * providers in {@code META-INF/services} ({@link dev.stepwise.launch.MeshProvider},
 * {@link dev.stepwise.launch.DeliveryProvider}, {@link dev.stepwise.launch.MetricsProvider},
 * {@link dev.stepwise.launch.WorkloadProvider}, {@link dev.stepwise.launch.SecretKeyProvider}),
 * so putting a module on the class path makes the spec's name for it work. A name no installed
 * provider serves is a problem at the field's spec path listing the installed ones and the
 * artifact to add.
 */
@NullMarked
package dev.stepwise.launch;

import org.jspecify.annotations.NullMarked;
