package dev.stepwise.spec.custom;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.spec.StrategyFields;
import dev.stepwise.spec.StrategyProvider;
import dev.stepwise.strategy.Strategy;
import java.util.Map;
import java.util.Optional;

/** Declares {@link DoublingCanary} in specs as {@code custom: {type: doubling-canary, maxWeight: 32}}. */
public final class DoublingCanaryProvider implements StrategyProvider {

    @Override
    public String type() {
        return "doubling-canary";
    }

    @Override
    public Optional<Strategy> create(StrategyFields fields, AnalysisPolicy analysis) {
        fields.allowOnly("maxWeight");
        int max = fields.integer("maxWeight", 1, 100).orElse(32);
        if (Integer.bitCount(max) != 1 && !fields.troubled()) {
            fields.problem("maxWeight", max + " is not a power of 2; the weights double (1, 2, 4, ...) up to it");
        }
        return fields.troubled() ? Optional.empty() : Optional.of(new DoublingCanary(max, analysis));
    }

    @Override
    public Optional<Map<String, Object>> write(Strategy strategy) {
        return strategy instanceof DoublingCanary doubling
                ? Optional.of(Map.of("maxWeight", doubling.maxWeight())) : Optional.empty();
    }
}
