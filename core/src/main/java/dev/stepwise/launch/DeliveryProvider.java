package dev.stepwise.launch;

import dev.stepwise.spec.DeliverySpec;

/**
 * Builds where a rollout's route changes and state go for one kind of {@code spec.delivery}
 * ({@code cluster}, {@code git}). Found with {@link java.util.ServiceLoader}; registered in
 * {@code META-INF/services/dev.stepwise.launch.DeliveryProvider}.
 */
public interface DeliveryProvider {

    /** The delivery kind served, one of {@link DeliverySpec#KINDS}. */
    String kind();

    /**
     * The sink and state store for {@code delivery} (of {@link #kind()}).
     *
     * @throws MissingEnvironmentException when the environment lacks what this delivery needs
     */
    Delivery delivery(DeliverySpec delivery, LaunchContext context);
}
