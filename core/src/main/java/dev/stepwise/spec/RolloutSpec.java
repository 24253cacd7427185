package dev.stepwise.spec;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.input.InputLimits;
import dev.stepwise.input.internal.DocumentReader;
import dev.stepwise.input.internal.UnreadableDocumentException;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.validation.Problem;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problems;
import dev.stepwise.validation.internal.ValueText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A rollout as a spec declares it: which workload, with which strategy, judged how. The
 * document shape is Flagger's, with the strategy declared under {@code spec.strategy}
 * (exactly one of {@code canary}, {@code blueGreen}, {@code rolling}, {@code abTest}), never
 * inferred from which fields are set. A strategy of one's own is declared as
 * {@code custom: {type: ..., ...its fields}} and built by the installed {@link StrategyProvider}
 * of that type.
 *
 * <pre>{@code
 * apiVersion: stepwise.dev/v1alpha1
 * kind: Rollout
 * metadata: {name: podinfo, namespace: test}
 * spec:
 *   target: {kind: Deployment, name: podinfo}
 *   strategy:
 *     canary: {stepWeight: 10, maxWeight: 50}
 *   analysis:
 *     interval: 1m
 *     threshold: 5
 *     metrics:
 *       - name: request-success-rate
 *         thresholdRange: {min: 99}
 * }</pre>
 *
 * <p><b>Equality is semantic.</b> Two specs are equal when they declare the same rollout: the
 * built strategies are compared by what they write back ({@link #toYaml()}), not by identity,
 * so a spec read from YAML equals the same spec read from JSON, and
 * {@code parseYaml(spec.toYaml())} equals {@code spec}. A user's own strategy is compared by what
 * its {@link StrategyProvider} writes, or, when no provider writes it, with its {@code equals}.
 *
 * @param apiVersion always {@value #API_VERSION}
 * @param kind       always {@value #KIND}
 * @param metadata   the rollout's name and namespace
 * @param target     the workload rolled out
 * @param strategy   the built strategy, holding {@code analysis}
 * @param analysis   how the rollout is judged; the strategy's own ({@code strategy.analysis()}),
 *                   which is taken when null
 * @param service       the Service routed and how the mesh reaches it; empty when not declared
 * @param provider      the mesh or gateway routing the traffic; empty when not declared (a tool
 *                      such as {@code stepwise render --mesh} names it)
 * @param metricsServer the Prometheus-compatible API the analysis queries; empty when not declared
 * @param delivery      where route changes go; {@link DeliverySpec#cluster()} when null
 */
public record RolloutSpec(String apiVersion, String kind, Metadata metadata, Target target, Strategy strategy,
                          AnalysisPolicy analysis, Optional<ServiceSpec> service, Optional<ProviderSpec> provider,
                          Optional<MetricsServerSpec> metricsServer, DeliverySpec delivery) {

    public static final String API_VERSION = "stepwise.dev/v1alpha1";
    public static final String KIND = "Rollout";

    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /** @throws dev.stepwise.validation.InvalidConfigException listing every problem */
    public RolloutSpec {
        Problems problems = new Problems();
        if (!API_VERSION.equals(apiVersion)) {
            problems.add("apiVersion", quoted(apiVersion) + " is not supported; use " + API_VERSION);
        }
        if (!KIND.equals(kind)) {
            problems.add("kind", quoted(kind) + " is not supported; use " + KIND);
        }
        requireNonNull(problems, "metadata", metadata);
        requireNonNull(problems, "target", target);
        if (requireNonNull(problems, "strategy", strategy)) {
            analysis = analysis == null ? strategy.analysis() : analysis;
            if (!analysis.equals(strategy.analysis())) {
                problems.add("analysis", "must be the strategy's analysis policy");
            }
        }
        service = service == null ? Optional.empty() : service;
        provider = provider == null ? Optional.empty() : provider;
        metricsServer = metricsServer == null ? Optional.empty() : metricsServer;
        delivery = delivery == null ? DeliverySpec.cluster() : delivery;
        if (target != null && strategy != null) {
            SpecConsistency.problems(target, strategy.kind(), service, provider)
                    .forEach(p -> problems.add(p.path(), p.message()));
        }
        problems.throwIfAny("rollout spec");
    }

    /** A spec without service, provider or metrics server, delivered to the cluster. */
    public RolloutSpec(String apiVersion, String kind, Metadata metadata, Target target, Strategy strategy,
                       AnalysisPolicy analysis) {
        this(apiVersion, kind, metadata, target, strategy, analysis, Optional.empty(), Optional.empty(),
                Optional.empty(), DeliverySpec.cluster());
    }

    /** This spec routing {@code service}. */
    public RolloutSpec withService(ServiceSpec service) {
        return new RolloutSpec(apiVersion, kind, metadata, target, strategy, analysis, Optional.of(service), provider,
                metricsServer, delivery);
    }

    /** This spec routed by {@code provider}. */
    public RolloutSpec withProvider(ProviderSpec provider) {
        return new RolloutSpec(apiVersion, kind, metadata, target, strategy, analysis, service, Optional.of(provider),
                metricsServer, delivery);
    }

    /** This spec judged with metrics from {@code metricsServer}. */
    public RolloutSpec withMetricsServer(MetricsServerSpec metricsServer) {
        return new RolloutSpec(apiVersion, kind, metadata, target, strategy, analysis, service, provider,
                Optional.of(metricsServer), delivery);
    }

    /** This spec delivering route changes through {@code delivery}. */
    public RolloutSpec withDelivery(DeliverySpec delivery) {
        return new RolloutSpec(apiVersion, kind, metadata, target, strategy, analysis, service, provider,
                metricsServer, delivery);
    }

    /** A spec of the current API version and kind, with the strategy's analysis. */
    public static RolloutSpec of(Metadata metadata, Target target, Strategy strategy) {
        return new RolloutSpec(API_VERSION, KIND, metadata, target, strategy, strategy.analysis(), Optional.empty(),
                Optional.empty(), Optional.empty(), DeliverySpec.cluster());
    }

    /** @throws InvalidSpecException listing every problem, each with its path */
    public static RolloutSpec parseYaml(String yaml) {
        return parseYaml(yaml, "<yaml>");
    }

    /** As {@link #parseYaml(String)}, naming the text's {@code source} in problems. */
    public static RolloutSpec parseYaml(String yaml, String source) {
        return parseYaml(yaml, source, InputLimits.ofDefaults());
    }

    /** As {@link #parseYaml(String, String)}, within {@code limits} instead of the defaults. */
    public static RolloutSpec parseYaml(String yaml, String source, InputLimits limits) {
        return RolloutSpecReader.read(yaml, SpecFormat.YAML, source, limits);
    }

    /**
     * As {@link #parseYaml(String, String, InputLimits)}, a {@code spec.strategy.custom} looked up
     * in {@code strategies} instead of {@link StrategyProviders#installed()}.
     */
    public static RolloutSpec parseYaml(String yaml, String source, InputLimits limits, StrategyProviders strategies) {
        return RolloutSpecReader.read(yaml, SpecFormat.YAML, source, limits, strategies);
    }

    /** @throws InvalidSpecException listing every problem, each with its path */
    public static RolloutSpec parseJson(String json) {
        return parseJson(json, "<json>");
    }

    /** As {@link #parseJson(String)}, naming the text's {@code source} in problems. */
    public static RolloutSpec parseJson(String json, String source) {
        return parseJson(json, source, InputLimits.ofDefaults());
    }

    /** As {@link #parseJson(String, String)}, within {@code limits} instead of the defaults. */
    public static RolloutSpec parseJson(String json, String source, InputLimits limits) {
        return RolloutSpecReader.read(json, SpecFormat.JSON, source, limits);
    }

    /** As {@link #parseYaml(String, String, InputLimits, StrategyProviders)}, for JSON. */
    public static RolloutSpec parseJson(String json, String source, InputLimits limits, StrategyProviders strategies) {
        return RolloutSpecReader.read(json, SpecFormat.JSON, source, limits, strategies);
    }

    /**
     * Reads a spec file, YAML or JSON by its extension ({@code .yaml}, {@code .yml},
     * {@code .json}, in any case), within {@link InputLimits#ofDefaults() the default limits}.
     *
     * @throws InvalidSpecException listing every problem; for an unknown extension, a file that is
     *                              not a regular file (a directory, FIFO or device; a symlink is
     *                              followed to a regular file only), or past a limit
     * @throws IOException          when the file is missing or cannot be opened
     */
    public static RolloutSpec read(Path file) throws IOException {
        return read(file, InputLimits.ofDefaults());
    }

    /** As {@link #read(Path)}, within {@code limits}: the size is checked before a byte is parsed. */
    public static RolloutSpec read(Path file, InputLimits limits) throws IOException {
        return read(file, limits, StrategyProviders.installed());
    }

    /**
     * As {@link #read(Path, InputLimits)}, a {@code spec.strategy.custom} looked up in
     * {@code strategies} (e.g. {@link StrategyProviders#of} a plug-in class loader) instead of
     * {@link StrategyProviders#installed()}.
     */
    public static RolloutSpec read(Path file, InputLimits limits, StrategyProviders strategies) throws IOException {
        InvalidValueException.requireNonNull("strategies", strategies);
        String source = file.toString();
        SpecFormat format = SpecFormat.of(file).orElseThrow(() -> new InvalidSpecException(source, List.of(
                new Problem("", "unknown file extension; a spec file ends with .yaml, .yml or .json"))));
        String text;
        try {
            text = DocumentReader.of(limits).readFile(file);
        } catch (UnreadableDocumentException e) {
            throw new InvalidSpecException(source, List.of(e.problem()));
        }
        return RolloutSpecReader.read(text, format, source, limits, strategies);
    }

    /**
     * This spec as YAML, every setting written out (defaults included), durations Go-style.
     *
     * @throws IllegalStateException for a strategy a spec cannot declare (a user's own that no
     *                               installed {@link StrategyProvider} writes)
     */
    public String toYaml() {
        return SpecFormat.YAML.write(SpecWriter.write(this));
    }

    /** This spec as JSON; as {@link #toYaml()}. */
    public String toJson() {
        return SpecFormat.JSON.write(SpecWriter.write(this));
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RolloutSpec)) {
            return false;
        }
        RolloutSpec other = (RolloutSpec) o;
        return apiVersion.equals(other.apiVersion) && kind.equals(other.kind) && metadata.equals(other.metadata)
                && target.equals(other.target) && analysis.equals(other.analysis) && service.equals(other.service)
                && provider.equals(other.provider) && metricsServer.equals(other.metricsServer)
                && delivery.equals(other.delivery)
                && strategy.kind() == other.strategy.kind()
                && SpecWriter.strategy(strategy).map(t -> SpecWriter.strategy(other.strategy).map(t::equals).orElse(false))
                        .orElseGet(() -> strategy.equals(other.strategy));
    }

    @Override
    public int hashCode() {
        Object strategyKey = SpecWriter.strategy(strategy).map(Object.class::cast).orElse(strategy);
        return Objects.hash(apiVersion, kind, metadata, target, analysis, strategyKey, service, provider, metricsServer,
                delivery);
    }

    /**
     * The rollout's name and namespace.
     *
     * @param name      a DNS-1123 label (Stepwise derives service names such as
     *                  {@code podinfo-canary} from it)
     * @param namespace a DNS-1123 label, or empty (never null) for the embedding application's
     *                  default namespace
     */
    public record Metadata(String name, String namespace) {

        /** @throws dev.stepwise.validation.InvalidConfigException listing every problem */
        public Metadata {
            namespace = namespace == null ? "" : namespace;
            Problems problems = new Problems();
            checkLabel(problems, "name", name);
            if (!namespace.isEmpty()) {
                checkLabel(problems, "namespace", namespace);
            }
            problems.throwIfAny("metadata");
        }

        /** A name without a namespace. */
        public static Metadata of(String name) {
            return new Metadata(name, "");
        }

        public static Metadata of(String name, String namespace) {
            return new Metadata(name, namespace);
        }
    }

    /**
     * The workload rolled out.
     *
     * @param kind {@value #DEPLOYMENT} (the default, taken when null), the only kind with a
     *             workload adapter; {@value #DAEMON_SET} is refused with the reason
     * @param name the workload's name, a DNS-1123 label
     */
    public record Target(String kind, String name) {

        public static final String DEPLOYMENT = "Deployment";
        /** Refused: no workload adapter moves a DaemonSet's pods yet. */
        public static final String DAEMON_SET = "DaemonSet";
        /** The workload kinds a target may have. */
        public static final List<String> KINDS = List.of(DEPLOYMENT);

        /** @throws dev.stepwise.validation.InvalidConfigException listing every problem */
        public Target {
            kind = kind == null ? DEPLOYMENT : kind;
            Problems problems = new Problems();
            if (kind.equals(DAEMON_SET)) {
                problems.add("kind", quoted(kind) + " is not supported: Stepwise has no DaemonSet workload yet (it "
                        + "would need a second DaemonSet beside the target, as Flagger runs); use " + DEPLOYMENT);
            } else if (!KINDS.contains(kind)) {
                problems.add("kind", quoted(kind) + " is not supported; use one of " + String.join(", ", KINDS));
            }
            checkLabel(problems, "name", name);
            problems.throwIfAny("target");
        }

        public static Target deployment(String name) {
            return new Target(DEPLOYMENT, name);
        }
    }

    private static void checkLabel(Problems problems, String field, String value) {
        if (value == null) {
            problems.add(field, "is required");
        } else if (!DNS_1123_LABEL.matcher(value).matches()) {
            problems.add(field, quoted(value) + " must be a DNS-1123 label: at most 63 lower-case letters, "
                    + "digits and '-', starting and ending with a letter or digit");
        }
    }

    private static boolean requireNonNull(Problems problems, String field, Object value) {
        if (value == null) {
            problems.add(field, "is required");
        }
        return value != null;
    }

    private static String quoted(String value) {
        return value == null ? "null" : ValueText.quote(value);
    }
}
