package dev.stepwise.launch;

import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.launch.internal.Installed;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.spec.InvalidSpecException;
import dev.stepwise.spec.ProviderSpec;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.spec.StrategyProviders;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.MetricSource;
import dev.stepwise.spi.Workload;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds a running rollout from a spec: the one entry point a {@code run} command and a
 * controller call. The mesh ({@code spec.provider}), the delivery ({@code spec.delivery}), the
 * workload ({@code spec.target.kind}) and the metrics ({@code spec.metricsServer}) each come from
 * the provider installed for that name, found with {@link java.util.ServiceLoader}; the strategy is
 * the spec's own ({@link RolloutSpec#strategy()}). A spec declaring a custom strategy is read with
 * {@link #strategies()}, the same class loader as the adapters:
 * {@code RolloutSpec.read(file, InputLimits.ofDefaults(), launcher.strategies())}.
 *
 * <pre>{@code
 * Launch launch = RolloutLauncher.ofInstalled().launch(RolloutSpec.read(file),
 *         LaunchEnvironment.builder().with(KubernetesClient.class, client).build());
 * RolloutEngine engine = RolloutEngine.builder().stateStore(launch.store()).build();
 * engine.register(launch.definition());
 * }</pre>
 *
 * <p>A name no installed provider serves, a missing {@code spec.provider}, or metric checks
 * without {@code spec.metricsServer}, are problems at their spec paths, all thrown together in an
 * {@link InvalidSpecException} that lists the installed names and the artifact to add. A provider
 * that lacks something from the environment throws {@link MissingEnvironmentException} saying what
 * to pass. Nothing is opened before every name is resolved, and what a delivery opened is closed
 * again when the definition cannot be built. Thread-safe: the providers are found once.
 */
public final class RolloutLauncher {

    /** The Maven group of the adapter modules. */
    public static final String GROUP = "dev.stepwise";
    /** The metrics provider a {@code spec.metricsServer} asks for. */
    public static final String PROMETHEUS = "prometheus";

    /** The module providing each name Stepwise ships, for the message when it is missing. */
    private static final Map<String, String> ARTIFACTS = Map.of("istio", "stepwise-mesh-istio",
            "kuma", "stepwise-mesh-kuma", "kuma-v3", "stepwise-mesh-kuma", "kuma-legacy", "stepwise-mesh-kuma",
            "gateway-api", "stepwise-mesh-gateway-api", "cluster", "stepwise-kubernetes", "git", "stepwise-git-jgit",
            RolloutSpec.Target.DEPLOYMENT, "stepwise-kubernetes", PROMETHEUS, "stepwise-metrics-prometheus");

    private final Installed<MeshProvider> meshes;
    private final Installed<DeliveryProvider> deliveries;
    private final Installed<WorkloadProvider> workloads;
    private final Installed<MetricsProvider> metrics;
    private final Installed<SecretKeyProvider> secretKeys;
    private final StrategyProviders strategies;

    private RolloutLauncher(ClassLoader loader) {
        this.strategies = StrategyProviders.of(loader);
        this.meshes = Installed.load(MeshProvider.class, loader, MeshProvider::names);
        this.deliveries = Installed.load(DeliveryProvider.class, loader, p -> List.of(p.kind()));
        this.workloads = Installed.load(WorkloadProvider.class, loader, p -> List.of(p.kind()));
        this.metrics = Installed.load(MetricsProvider.class, loader, p -> List.of(p.name()));
        this.secretKeys = Installed.load(SecretKeyProvider.class, loader, p -> List.of("secretKeyRef"));
    }

    /** A launcher with the providers on the class path of Stepwise's core. */
    public static RolloutLauncher ofInstalled() {
        ClassLoader loader = RolloutLauncher.class.getClassLoader();
        return of(loader == null ? ClassLoader.getSystemClassLoader() : loader);
    }

    /** A launcher with the providers {@code loader} finds (a plugin's class loader). */
    public static RolloutLauncher of(ClassLoader loader) {
        return new RolloutLauncher(InvalidValueException.requireNonNull("loader", loader));
    }

    /**
     * The rollout {@code spec} declares, its adapters built for {@code environment}.
     *
     * @throws InvalidSpecException         for names no installed provider serves, each at its spec path
     * @throws MissingEnvironmentException  when a provider lacks something from {@code environment}
     */
    public Launch launch(RolloutSpec spec, LaunchEnvironment environment) {
        InvalidValueException.requireNonNull("spec", spec);
        InvalidValueException.requireNonNull("environment", environment);
        List<Problem> problems = new ArrayList<>();
        Optional<MeshProvider> mesh = spec.provider().isEmpty()
                ? missing(problems, "spec.provider", "is required to run a rollout: name the mesh that routes its"
                        + " traffic; installed: " + installed(meshes))
                : resolve(problems, meshes, "spec.provider", "provider", spec.provider().get().name());
        Optional<DeliveryProvider> delivery = resolve(problems, deliveries, "spec.delivery", "delivery",
                spec.delivery().kind());
        Optional<WorkloadProvider> workload = resolve(problems, workloads, "spec.target.kind", "target kind",
                spec.target().kind());
        Optional<MetricsProvider> metricsProvider = metricsProvider(spec, environment, problems);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException("rollout " + spec.metadata().name(), problems);
        }
        LaunchContext context = context(spec, environment);
        ProviderSpec providerSpec = spec.provider().orElseThrow();
        MeshRenderer renderer = mesh.orElseThrow().renderer(providerSpec, context);
        Workload pods = workload.orElseThrow().workload(context);
        MetricSource source = environment.metrics()
                .or(() -> metricsProvider.map(p -> p.metrics(spec.metricsServer().orElseThrow(), context)))
                .orElseGet(RolloutLauncher::noMetricsServer);
        Delivery opened = delivery.orElseThrow().delivery(spec.delivery(), context);
        try {
            RolloutDefinition definition = RolloutDefinition.builder(context.namespace(), spec.metadata().name())
                    .strategy(spec.strategy())
                    .router(MeshTrafficRouter.of(renderer, opened.sink(), MeshTrafficRouter.DEFAULT_CONFLICT_ATTEMPTS,
                            environment.clock()))
                    .workload(pods).metrics(source).webhooks(environment.webhooks())
                    .build();
            return new Launch(definition, opened.store(), opened.closer());
        } catch (RuntimeException e) {
            closeQuietly(opened, e);
            throw e;
        }
    }

    LaunchContext context(RolloutSpec spec, LaunchEnvironment environment) {
        return new LaunchContext(spec, environment, secretKeys::all);
    }

    /**
     * The custom strategies installed on this launcher's class loader, to read a spec with
     * ({@link RolloutSpec#read(java.nio.file.Path, dev.stepwise.input.InputLimits, StrategyProviders)}),
     * so that its {@code spec.strategy.custom} comes from the same plug-ins as its adapters.
     */
    public StrategyProviders strategies() {
        return strategies;
    }

    /** The mesh provider names installed, sorted. */
    public List<String> meshes() {
        return meshes.names();
    }

    /** The delivery kinds installed, sorted. */
    public List<String> deliveries() {
        return deliveries.names();
    }

    /** The target kinds installed, sorted. */
    public List<String> workloads() {
        return workloads.names();
    }

    /** The metrics providers installed, sorted. */
    public List<String> metricsProviders() {
        return metrics.names();
    }

    private Optional<MetricsProvider> metricsProvider(RolloutSpec spec, LaunchEnvironment environment,
                                                      List<Problem> problems) {
        if (environment.metrics().isPresent()) {
            return Optional.empty();
        }
        if (spec.metricsServer().isPresent()) {
            return resolve(problems, metrics, "spec.metricsServer", "metrics provider", PROMETHEUS);
        }
        List<String> checks = spec.analysis().metrics().stream().map(MetricCheck::name).collect(Collectors.toList());
        if (!checks.isEmpty()) {
            problems.add(new Problem("spec.metricsServer", "is required: the analysis checks metrics " + checks
                    + "; give the address of a Prometheus-compatible API"));
        } else if (!spec.analysis().judges().isEmpty() || !spec.analysis().distributionJudges().isEmpty()) {
            // judges count requests, or sample metrics, per track: without a server every look would be an Error
            problems.add(new Problem("spec.metricsServer", "is required: the analysis has "
                    + (spec.analysis().judges().size() + spec.analysis().distributionJudges().size())
                    + " judge(s), which read metrics per track; give the address of a Prometheus-compatible API"));
        }
        return Optional.empty();
    }

    private static <P> Optional<P> resolve(List<Problem> problems, Installed<P> installed, String path, String what,
                                           String name) {
        Optional<P> found = installed.find(name);
        if (found.isEmpty()) {
            String artifact = ARTIFACTS.get(name);
            problems.add(new Problem(path, what + " '" + name + "' is not installed; installed: " + installed(installed)
                    + (artifact == null ? "" : "; add " + GROUP + ":" + artifact)));
        }
        return found;
    }

    private static <P> Optional<P> missing(List<Problem> problems, String path, String message) {
        problems.add(new Problem(path, message));
        return Optional.empty();
    }

    private static String installed(Installed<?> installed) {
        return installed.names().isEmpty() ? "none" : String.join(", ", installed.names());
    }

    /** For an analysis without metric checks: nothing asks it, and if something does, it says why it cannot answer. */
    private static MetricSource noMetricsServer() {
        return query -> new MetricResult.Failed("the spec declares no metricsServer");
    }

    private static void closeQuietly(Delivery delivery, RuntimeException cause) {
        try {
            delivery.closer().close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return "RolloutLauncher[meshes " + meshes + ", deliveries " + deliveries + ", workloads " + workloads
                + ", metrics " + metrics + "]";
    }
}
