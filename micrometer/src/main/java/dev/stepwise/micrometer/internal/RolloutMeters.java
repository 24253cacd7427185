package dev.stepwise.micrometer.internal;

import dev.stepwise.rollout.Phase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The gauges of one rollout, and the time of its last step. Every gauge it registers it removes on
 * {@link #close()}. Not thread-safe: the engine publishes one rollout's events on one thread at a time.
 */
public final class RolloutMeters implements AutoCloseable {

    private final MeterRegistry registry;
    private final String prefix;
    private final Tags tags;
    private final Map<String, Registered> gauges = new LinkedHashMap<>();
    private @Nullable Registered phase;
    private @Nullable Phase current;
    private @Nullable Instant lastStep;

    /** The meters of a rollout named {@code prefix.*}, each tagged with {@code tags}. */
    public RolloutMeters(MeterRegistry registry, String prefix, Tags tags) {
        this.registry = registry;
        this.prefix = prefix;
        this.tags = tags;
    }

    /** The phase gauge now reads 1 with the tag {@code phase=<now>}; the gauge of the phase before is removed. */
    public void phase(Phase now) {
        if (now == current) {
            return;
        }
        if (phase != null) {
            registry.remove(phase.gauge());
        }
        phase = register("rollout.phase", Tags.of("phase", now.label()), 1);
        current = now;
    }

    /** Sets the gauge {@code prefix.suffix} with these extra tags, registering it the first time. */
    public void set(String suffix, Tags extra, double value) {
        String key = suffix + extra;
        Registered known = gauges.get(key);
        if (known == null) {
            gauges.put(key, register(suffix, extra, value));
        } else {
            known.level().set(value);
        }
    }

    /** Records a step at {@code at}; the time since the step before, if there was one. */
    public Optional<Duration> stepped(Instant at) {
        Optional<Duration> since = lastStep == null || at.isBefore(lastStep) ? Optional.empty()
                : Optional.of(Duration.between(lastStep, at));
        lastStep = at;
        return since;
    }

    private Registered register(String suffix, Tags extra, double value) {
        Level level = new Level(value);
        Gauge gauge = Gauge.builder(prefix + "." + suffix, level, Level::get).tags(tags.and(extra)).register(registry);
        return new Registered(gauge, level);
    }

    /** Removes every gauge of this rollout from the registry. */
    @Override
    public void close() {
        if (phase != null) {
            registry.remove(phase.gauge());
            phase = null;
        }
        gauges.values().forEach(g -> registry.remove(g.gauge()));
        gauges.clear();
    }

    @Override
    public String toString() {
        return "RolloutMeters[" + tags + ", phase " + current + ", " + gauges.size() + " gauges]";
    }

    private record Registered(Gauge gauge, Level level) {
    }
}
