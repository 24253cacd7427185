package dev.stepwise.spec;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.strategy.Strategy;
import java.util.Map;
import java.util.Optional;

/**
 * Makes a strategy written by a user declarable in a spec, as
 * {@code spec.strategy.custom: {type: doubling-canary, ...its own fields}}. Found with
 * {@link java.util.ServiceLoader}: the jar holding the strategy registers its provider in
 * {@code META-INF/services/dev.stepwise.spec.StrategyProvider} (see {@link StrategyProviders}
 * for which class loader is searched).
 *
 * <pre>{@code
 * public final class DoublingCanaryProvider implements StrategyProvider {
 *     public String type() { return "doubling-canary"; }
 *
 *     public Optional<Strategy> create(StrategyFields fields, AnalysisPolicy analysis) {
 *         fields.allowOnly("maxWeight");
 *         int max = fields.integer("maxWeight", 1, 100).orElse(32);
 *         return fields.troubled() ? Optional.empty() : Optional.of(new DoublingCanary(max, analysis));
 *     }
 *
 *     public Optional<Map<String, Object>> write(Strategy strategy) {
 *         return strategy instanceof DoublingCanary d ? Optional.of(Map.of("maxWeight", d.maxWeight()))
 *                 : Optional.empty();
 *     }
 * }
 * }</pre>
 *
 * <p>Implementations are stateless and thread-safe, with a public no-argument constructor.
 */
public interface StrategyProvider {

    /**
     * The name a spec gives in {@code spec.strategy.custom.type}: lower-case letters, digits and
     * {@code -}, starting with a letter (e.g. {@code doubling-canary}). Two installed providers of
     * one type make a spec naming it invalid.
     */
    String type();

    /**
     * The strategy the spec declares: its own fields in {@code fields} ({@code type} left out),
     * judged by {@code analysis} ({@code spec.analysis}, or the defaults when that section has
     * problems of its own). Reports every field problem through {@code fields}, with its path, and
     * returns empty when there was any; an {@link dev.stepwise.validation.InvalidValueException}
     * or {@link dev.stepwise.validation.InvalidConfigException} it throws becomes problems under
     * {@link StrategyFields#path()} too. Returning empty without a problem is itself reported as
     * one, naming the provider: a spec is never refused without a reason.
     */
    Optional<Strategy> create(StrategyFields fields, AnalysisPolicy analysis);

    /**
     * The fields {@link #create} reads to build a strategy equal to {@code strategy}, for
     * {@link RolloutSpec#toYaml()} (which writes them after {@code type}, sorted by name) and for
     * {@link RolloutSpec#equals}; empty for a strategy this provider does not make. Values are
     * strings, numbers, booleans, {@link java.time.Duration}s (written Go-style, e.g. {@code 5m}),
     * and lists and string-keyed maps of them.
     */
    Optional<Map<String, Object>> write(Strategy strategy);
}
