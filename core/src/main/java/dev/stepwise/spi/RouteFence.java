package dev.stepwise.spi;

import dev.stepwise.validation.InvalidValueException;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a route remembers to refuse late writers: for each rollout that wrote it, the highest
 * {@link StepNote#version() write-ahead version} it was written at. Immutable. A router keeps one
 * next to its route and passes every write's note through {@link #admit} where the write lands,
 * atomically with it (see {@link TrafficRouter#apply(dev.stepwise.traffic.TrafficSplit, StepNote)}).
 *
 * <p>Several rollouts may share one resource, each its own route: each has its own entry, and a
 * write touches only its rollout's. The {@link #text() text form}, {@code ns/a=7,ns/b=3} (sorted by
 * rollout), is what a mesh router stores in an annotation.
 *
 * @param versions the highest version written per rollout id
 */
public record RouteFence(Map<String, Long> versions) {

    private static final RouteFence NONE = new RouteFence(Map.of());

    public RouteFence {
        versions = Map.copyOf(new TreeMap<>(InvalidValueException.requireNonNull("versions", versions)));
    }

    /** A fence no rollout has written yet. */
    public static RouteFence none() {
        return NONE;
    }

    /**
     * The fence after a write for {@code why}, or a refusal. A note outside a rollout is not fenced
     * and changes nothing. A rollout's registration ({@link StepNote#isRegistration()}) starts the
     * rollout's sequence anew at its version. Any other note of a rollout is admitted when its
     * version is at least the one recorded for the rollout (the same version is a re-apply of the
     * same transition), and recorded.
     *
     * @throws SupersededWriteException when the route was written for the same rollout at a higher version
     */
    public RouteFence admit(StepNote why) {
        InvalidValueException.requireNonNull("why", why);
        if (!why.isAttributed()) {
            return this;
        }
        OptionalLong recorded = version(why.rollout());
        if (!why.isRegistration() && recorded.isPresent() && recorded.getAsLong() > why.version()) {
            throw new SupersededWriteException(why.rollout(), why.version(), recorded.getAsLong());
        }
        if (recorded.isPresent() && recorded.getAsLong() == why.version()) {
            return this;
        }
        Map<String, Long> next = new TreeMap<>(versions);
        next.put(why.rollout(), why.version());
        return new RouteFence(next);
    }

    /** The highest version recorded for {@code rollout}; empty when it never wrote this route. */
    public OptionalLong version(String rollout) {
        Long version = versions.get(rollout);
        return version == null ? OptionalLong.empty() : OptionalLong.of(version);
    }

    /** This fence and {@code other} together: the higher version per rollout (for a route spread over resources). */
    public RouteFence merge(RouteFence other) {
        Map<String, Long> merged = new TreeMap<>(versions);
        other.versions.forEach((rollout, version) -> merged.merge(rollout, version, Math::max));
        return new RouteFence(merged);
    }

    /** Whether no rollout has written the route. */
    public boolean isEmpty() {
        return versions.isEmpty();
    }

    /** The text form, {@code ns/a=7,ns/b=3}, sorted by rollout; empty for {@link #none()}. */
    public String text() {
        return versions.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    /**
     * The fence {@link #text()} wrote.
     *
     * @throws InvalidValueException naming {@code fence} when {@code text} is not of that form
     */
    public static RouteFence parse(String text) {
        InvalidValueException.requireNonNull("fence", text);
        Map<String, Long> versions = new TreeMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.lastIndexOf('=');
            String rollout = eq < 0 ? "" : entry.substring(0, eq).strip();
            long version = eq < 0 ? -1 : parseVersion(entry.substring(eq + 1).strip());
            if (rollout.isEmpty() || version < 0) {
                throw new InvalidValueException("fence", text, "must be entries <rollout>=<version> (version at least 0) "
                        + "separated by commas");
            }
            versions.merge(rollout, version, Math::max);
        }
        return new RouteFence(versions);
    }

    private static long parseVersion(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return "RouteFence[" + text() + "]";
    }
}
