package dev.stepwise.spec;

import dev.stepwise.strategy.Strategy;
import dev.stepwise.validation.InvalidValueException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The {@link StrategyProvider}s a spec's {@code spec.strategy.custom.type} is looked up in: those
 * {@link ServiceLoader} finds through one class loader. Looked up lazily, on the first spec that
 * declares a custom strategy, then kept. Thread-safe.
 *
 * <p>{@link #installed()}, what {@link RolloutSpec#read(java.nio.file.Path)} and the other
 * readers without this argument use, searches the calling thread's context class loader (falling
 * back to the one that loaded Stepwise), so an application that sets it to a plug-in loader finds
 * the plug-ins. A tool with jars of its own (the CLI's {@code --classpath}) passes
 * {@link #of(ClassLoader)} explicitly.
 */
public final class StrategyProviders {

    private final ClassLoader loader;
    private @Nullable List<StrategyProvider> found;

    private StrategyProviders(ClassLoader loader) {
        this.loader = loader;
    }

    /** The providers of the current thread's context class loader, or else of Stepwise's own. */
    public static StrategyProviders installed() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            return new StrategyProviders(context);
        }
        ClassLoader own = StrategyProviders.class.getClassLoader();
        return new StrategyProviders(own == null ? ClassLoader.getSystemClassLoader() : own);
    }

    /** The providers {@code loader} finds, e.g. a {@link java.net.URLClassLoader} over plug-in jars. */
    public static StrategyProviders of(ClassLoader loader) {
        return new StrategyProviders(InvalidValueException.requireNonNull("loader", loader));
    }

    /** The class loader searched. */
    public ClassLoader loader() {
        return loader;
    }

    /** Every provider, in discovery order. */
    public synchronized List<StrategyProvider> all() {
        if (found == null) {
            List<StrategyProvider> providers = new ArrayList<>();
            ServiceLoader.load(StrategyProvider.class, loader).forEach(providers::add);
            found = List.copyOf(providers);
        }
        return found;
    }

    /** The types installed, sorted. */
    public List<String> types() {
        return List.copyOf(all().stream().map(StrategyProvider::type).collect(Collectors.toCollection(TreeSet::new)));
    }

    /** Every provider of {@code type}: one when installed once. */
    public List<StrategyProvider> find(String type) {
        return all().stream().filter(p -> p.type().equals(type)).collect(Collectors.toUnmodifiableList());
    }

    /**
     * {@code strategy}'s fields as its provider writes them, with the provider's type; looked up
     * through the class loader of the strategy's class, which sees its provider when both are in
     * one jar. Empty when no provider there writes it.
     */
    static Optional<Written> written(Strategy strategy) {
        ClassLoader own = strategy.getClass().getClassLoader();
        StrategyProviders providers = of(own == null ? ClassLoader.getSystemClassLoader() : own);
        for (StrategyProvider provider : providers.all()) {
            Optional<Map<String, Object>> fields = provider.write(strategy);
            if (fields.isPresent()) {
                return Optional.of(new Written(provider.type(), fields.get()));
            }
        }
        return Optional.empty();
    }

    /** What a provider wrote for a strategy. */
    record Written(String type, Map<String, Object> fields) {
    }

    @Override
    public String toString() {
        return "StrategyProviders[" + loader + (found == null ? ", not looked up yet]" : ", " + types() + "]");
    }
}
