package dev.stepwise.launch;

import dev.stepwise.spec.SecretRef;

import java.util.Optional;

/**
 * Reads the value of a Kubernetes Secret's key a spec references ({@code secretKeyRef}). Found
 * with {@link java.util.ServiceLoader} (the Kubernetes module provides one reading through the
 * environment's client); registered in {@code META-INF/services/dev.stepwise.launch.SecretKeyProvider}.
 * Implementations never log the value.
 */
public interface SecretKeyProvider {

    /**
     * The value of {@code key} in {@link LaunchContext#namespace()}; empty when the Secret or the key is missing.
     *
     * @throws MissingEnvironmentException when the environment lacks what reading needs
     */
    Optional<String> read(SecretRef.SecretKey key, LaunchContext context);
}
