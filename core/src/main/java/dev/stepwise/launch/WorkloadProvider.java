package dev.stepwise.launch;

import dev.stepwise.spi.Workload;

/**
 * Builds the workload of one {@code spec.target.kind} ({@code Deployment}). Found with
 * {@link java.util.ServiceLoader}; registered in
 * {@code META-INF/services/dev.stepwise.launch.WorkloadProvider}.
 */
public interface WorkloadProvider {

    /** The target kind served, as a spec writes it. */
    String kind();

    /**
     * The workload of the spec's target in {@link LaunchContext#namespace()}.
     *
     * @throws MissingEnvironmentException when the environment lacks what this workload needs
     */
    Workload workload(LaunchContext context);
}
