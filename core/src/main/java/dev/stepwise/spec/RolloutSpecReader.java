package dev.stepwise.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.input.InputLimits;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.validation.Problems;
import dev.stepwise.validation.internal.NodeReader;
import dev.stepwise.validation.internal.ValueText;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a whole spec document: the envelope ({@code apiVersion}, {@code kind},
 * {@code metadata}) and {@code spec.target} here, every other section of {@code spec} in its own
 * reader, then the rules tying sections together ({@link SpecConsistency}). Every problem is collected, then all are thrown
 * at once in document order.
 */
final class RolloutSpecReader {

    static final List<String> TOP_FIELDS = List.of("apiVersion", "kind", "metadata", "spec");
    static final List<String> METADATA_FIELDS = List.of("name", "namespace");
    static final List<String> SPEC_FIELDS = List.of("target", "strategy", "analysis", "service", "provider",
            "metricsServer", "delivery");
    static final List<String> TARGET_FIELDS = List.of("kind", "name");

    private RolloutSpecReader() {
    }

    /** @throws InvalidSpecException listing every problem, each with its path */
    static RolloutSpec read(String text, SpecFormat format, String source, InputLimits limits) {
        return read(text, format, source, limits, StrategyProviders.installed());
    }

    /** As {@link #read(String, SpecFormat, String, InputLimits)}, custom strategies looked up in {@code strategies}. */
    static RolloutSpec read(String text, SpecFormat format, String source, InputLimits limits,
                            StrategyProviders strategies) {
        JsonNode tree = format.parse(text, source, limits);
        Problems problems = new Problems();
        Optional<RolloutSpec> spec = read(NodeReader.root(tree, problems), strategies);
        if (!problems.isEmpty() || spec.isEmpty()) {
            throw new InvalidSpecException(source, DocumentOrder.of(tree).sort(problems.toList()));
        }
        return spec.get();
    }

    private static Optional<RolloutSpec> read(NodeReader root, StrategyProviders strategies) {
        if (!root.isPresent()) {
            root.problem("the document is empty; expected a " + RolloutSpec.KIND);
            return Optional.empty();
        }
        if (root.asObject().isEmpty()) {
            return Optional.empty();
        }
        root.allowOnly(TOP_FIELDS);
        Optional<String> apiVersion = root.required("apiVersion", NodeReader::asString);
        apiVersion.filter(v -> !v.equals(RolloutSpec.API_VERSION)).ifPresent(v -> root.problem("apiVersion",
                ValueText.quote(v) + " is not supported; use " + RolloutSpec.API_VERSION));
        Optional<String> kind = root.required("kind", NodeReader::asString);
        kind.filter(k -> !k.equals(RolloutSpec.KIND)).ifPresent(k -> root.problem("kind",
                ValueText.quote(k) + " is not supported; use " + RolloutSpec.KIND));
        Optional<RolloutSpec.Metadata> metadata = root.required("metadata", NodeReader::asObject)
                .flatMap(RolloutSpecReader::metadata);
        Optional<NodeReader> spec = root.required("spec", NodeReader::asObject);
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        NodeReader body = spec.get();
        body.allowOnly(SPEC_FIELDS, Map.of("targetRef", "Stepwise names it target"));
        Optional<RolloutSpec.Target> target = body.required("target", NodeReader::asObject)
                .flatMap(RolloutSpecReader::target);
        Optional<AnalysisPolicy> analysis = body.has("analysis")
                ? body.object("analysis").flatMap(AnalysisSpecReader::read)
                : Optional.of(AnalysisPolicy.ofDefaults());
        Optional<Strategy> strategy = StrategySpecReader.read(body, analysis, strategies);
        String serviceName = target.map(RolloutSpec.Target::name).orElse("service");
        Optional<ServiceSpec> service = body.object("service").flatMap(s -> ServiceSpecReader.read(s, serviceName));
        Optional<ProviderSpec> provider = body.optional("provider", ProviderSpecReader::read);
        Optional<MetricsServerSpec> metricsServer = body.object("metricsServer").flatMap(MetricsServerSpecReader::read);
        Optional<DeliverySpec> delivery = body.has("delivery") ? body.object("delivery").flatMap(DeliverySpecReader::read)
                : Optional.of(DeliverySpec.cluster());
        // only once each section involved was read whole: a half-read one would give false problems
        if (target.isPresent() && strategy.isPresent() && service.isPresent() == body.has("service")
                && provider.isPresent() == body.has("provider")) {
            body.adopt(SpecConsistency.problems(target.get(), strategy.get().kind(), service, provider), Map.of());
        }
        if (root.troubled() || metadata.isEmpty() || target.isEmpty() || strategy.isEmpty() || delivery.isEmpty()) {
            return Optional.empty();
        }
        return root.build(() -> new RolloutSpec(apiVersion.get(), kind.get(), metadata.get(), target.get(),
                strategy.get(), strategy.get().analysis(), service, provider, metricsServer, delivery.get()));
    }

    private static Optional<RolloutSpec.Metadata> metadata(NodeReader metadata) {
        metadata.allowOnly(METADATA_FIELDS);
        Optional<String> name = metadata.required("name", NodeReader::asString);
        Optional<String> namespace = metadata.string("namespace");
        return name.flatMap(n -> metadata.build(() -> new RolloutSpec.Metadata(n, namespace.orElse(""))));
    }

    private static Optional<RolloutSpec.Target> target(NodeReader target) {
        target.allowOnly(TARGET_FIELDS, Map.of("apiVersion", "the API version follows from the kind; leave it out"));
        Optional<String> kind = target.string("kind");
        Optional<String> name = target.required("name", NodeReader::asString);
        return name.flatMap(n -> target.build(() -> new RolloutSpec.Target(kind.orElse(RolloutSpec.Target.DEPLOYMENT), n)));
    }
}
