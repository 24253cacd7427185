package dev.stepwise.launch;

import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.spec.SecretRef;
import dev.stepwise.spec.ServiceSpec;
import dev.stepwise.traffic.Track;
import dev.stepwise.validation.InvalidValueException;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a provider is given to build its adapter: the spec, the namespace it runs in, the route
 * target the spec implies, and the environment. Made by {@link RolloutLauncher}.
 */
public final class LaunchContext {

    private final RolloutSpec spec;
    private final String namespace;
    private final RouteTarget routeTarget;
    private final LaunchEnvironment environment;
    private final Supplier<List<SecretKeyProvider>> secretKeys;

    LaunchContext(RolloutSpec spec, LaunchEnvironment environment, Supplier<List<SecretKeyProvider>> secretKeys) {
        this.spec = spec;
        this.namespace = spec.metadata().namespace().isEmpty() ? environment.defaultNamespace()
                : spec.metadata().namespace();
        this.routeTarget = routeTarget(spec, namespace);
        this.environment = environment;
        this.secretKeys = secretKeys;
    }

    /**
     * The context {@link RolloutLauncher#ofInstalled()} gives providers for {@code spec}, to build
     * one provider's adapter alone (a provider's own test, a tool rendering a route).
     */
    public static LaunchContext of(RolloutSpec spec, LaunchEnvironment environment) {
        InvalidValueException.requireNonNull("spec", spec);
        InvalidValueException.requireNonNull("environment", environment);
        return RolloutLauncher.ofInstalled().context(spec, environment);
    }

    /** The spec launched. */
    public RolloutSpec spec() {
        return spec;
    }

    /** The rollout's namespace: the spec's, or the environment's default when the spec names none. */
    public String namespace() {
        return namespace;
    }

    /**
     * The route the spec implies: the Service of {@code spec.service} (default the target's name),
     * its port (0 without a service section) and track Services; version labels at their defaults.
     */
    public RouteTarget routeTarget() {
        return routeTarget;
    }

    public LaunchEnvironment environment() {
        return environment;
    }

    /**
     * The value {@code ref} points at: an environment variable from the environment, a Secret's
     * key through the installed {@link SecretKeyProvider}. The value is never logged nor put in a message.
     *
     * @param path the reference's spec path, for the message (e.g. {@code spec.metricsServer.bearerToken})
     * @throws MissingEnvironmentException when the value cannot be found, naming {@code path} and the reference
     */
    public String secret(SecretRef ref, String path) {
        InvalidValueException.requireNonNull("ref", ref);
        if (ref instanceof SecretRef.EnvVar env) {
            return environment.variable(env.name()).orElseThrow(() -> new MissingEnvironmentException(
                    path + ": environment variable " + env.name() + " is not set in the process running the rollout"));
        }
        SecretRef.SecretKey key = (SecretRef.SecretKey) ref;
        List<SecretKeyProvider> providers = secretKeys.get();
        if (providers.isEmpty()) {
            throw new MissingEnvironmentException(path + ": a secretKeyRef is read from the cluster, and no reader is"
                    + " installed; add " + RolloutLauncher.GROUP + ":stepwise-kubernetes");
        }
        return providers.get(0).read(key, this).orElseThrow(() -> new MissingEnvironmentException(path
                + ": Secret " + namespace + "/" + key.name() + " has no key " + key.key()
                + " (or does not exist); create it, e.g. kubectl -n " + namespace + " create secret generic "
                + key.name() + " --from-literal=" + key.key() + "=..."));
    }

    private static RouteTarget routeTarget(RolloutSpec spec, String namespace) {
        Optional<ServiceSpec> service = spec.service();
        RouteTarget.Builder target = RouteTarget.builder(namespace, service.map(ServiceSpec::name)
                .orElse(spec.target().name()));
        target.port(service.map(ServiceSpec::port).orElse(0));
        service.ifPresent(s -> {
            for (Track track : Track.values()) {
                target.service(track, s.serviceOf(track));
            }
        });
        return target.build();
    }

    @Override
    public String toString() {
        return "LaunchContext[" + namespace + "/" + spec.metadata().name() + ", " + routeTarget + "]";
    }
}
