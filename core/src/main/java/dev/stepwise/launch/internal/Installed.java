package dev.stepwise.launch.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The providers of one SPI found on a class loader, each under the names it serves.
 *
 * @param <P> the SPI
 */
public final class Installed<P> {

    private final List<P> providers;
    private final Function<P, List<String>> names;

    private Installed(List<P> providers, Function<P, List<String>> names) {
        this.providers = List.copyOf(providers);
        this.names = names;
    }

    /** Every {@code type} provider {@link ServiceLoader} finds through {@code loader}, named by {@code names}. */
    public static <P> Installed<P> load(Class<P> type, ClassLoader loader, Function<P, List<String>> names) {
        List<P> found = new ArrayList<>();
        ServiceLoader.load(type, loader).forEach(found::add);
        return new Installed<>(found, names);
    }

    /** The first provider serving {@code name}, or none. */
    public java.util.Optional<P> find(String name) {
        return providers.stream().filter(p -> names.apply(p).contains(name)).findFirst();
    }

    /** Every provider, in discovery order. */
    public List<P> all() {
        return providers;
    }

    /** The names served, sorted. */
    public List<String> names() {
        TreeSet<String> all = new TreeSet<>();
        providers.forEach(p -> all.addAll(names.apply(p)));
        return Collections.unmodifiableList(new ArrayList<>(all));
    }

    @Override
    public String toString() {
        return names().toString();
    }
}
