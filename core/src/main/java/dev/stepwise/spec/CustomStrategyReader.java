package dev.stepwise.spec;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.strategy.StrategyKind;
import dev.stepwise.validation.internal.NodeReader;
import dev.stepwise.validation.internal.ValueText;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads {@code spec.strategy.custom}: {@code type} names the installed {@link StrategyProvider},
 * which reads every other field. A type nobody installed is a problem at {@code type} listing the
 * installed ones; a strategy whose kind is not {@code custom} is refused (a built-in is declared
 * under its own key).
 */
final class CustomStrategyReader {

    static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private CustomStrategyReader() {
    }

    static Optional<Strategy> read(NodeReader custom, AnalysisPolicy analysis, StrategyProviders providers) {
        Optional<String> type = custom.required(StrategySpecReader.CUSTOM_TYPE, NodeReader::asString);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        List<StrategyProvider> found = providers.find(type.get());
        if (found.size() != 1) {
            custom.problem(StrategySpecReader.CUSTOM_TYPE, found.isEmpty() ? notInstalled(type.get(), providers)
                    : "custom strategy " + ValueText.quote(type.get()) + " is installed twice, by "
                    + found.stream().map(p -> p.getClass().getName()).collect(Collectors.joining(" and "))
                    + "; keep one jar");
            return Optional.empty();
        }
        StrategyProvider provider = found.get(0);
        Optional<Strategy> built = custom.build(() -> provider.create(new StrategyFields(custom), analysis))
                .flatMap(strategy -> strategy);
        if (custom.troubled()) {
            return Optional.empty();
        }
        if (built.isEmpty()) {
            custom.problem(provider.getClass().getName() + " built no " + type.get() + " strategy and reported no"
                    + " problem; a provider reports why");
            return Optional.empty();
        }
        if (built.get().kind() != StrategyKind.CUSTOM) {
            custom.problem(provider.getClass().getName() + " built a " + built.get().kind() + " strategy; a custom"
                    + " strategy's kind() is custom (declare a built-in under its own key)");
            return Optional.empty();
        }
        return built;
    }

    private static String notInstalled(String type, StrategyProviders providers) {
        List<String> installed = providers.types();
        return "custom strategy " + ValueText.quote(type) + " is not installed; installed: "
                + (installed.isEmpty() ? "none" : String.join(", ", installed))
                + "; put the jar that registers it (in META-INF/services/" + StrategyProvider.class.getName()
                + ") on the class path" + (TYPE.matcher(type).matches() ? "" : " (a type is lower-case letters,"
                + " digits and '-')");
    }
}
