package dev.stepwise.launch;

import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.spec.ProviderSpec;

import java.util.List;

/**
 * Builds the renderer of a mesh a spec names in {@code spec.provider}. Found with
 * {@link java.util.ServiceLoader}; a mesh module registers one in
 * {@code META-INF/services/dev.stepwise.launch.MeshProvider}.
 */
public interface MeshProvider {

    /** The provider names served, as a spec writes them ({@code istio}, {@code kuma}, ...); not empty. */
    List<String> names();

    /**
     * The renderer for {@code provider} (one of {@link #names()}), over {@link LaunchContext#routeTarget()},
     * with the service settings of {@code spec.service} this mesh uses.
     *
     * @throws dev.stepwise.validation.InvalidConfigException when the spec asks for something this mesh cannot do
     */
    MeshRenderer renderer(ProviderSpec provider, LaunchContext context);
}
