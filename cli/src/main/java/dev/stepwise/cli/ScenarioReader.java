package dev.stepwise.cli;

import dev.stepwise.validation.Suggestion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.stepwise.input.internal.DocumentReader;
import dev.stepwise.input.internal.Syntax;
import dev.stepwise.input.internal.UnreadableDocumentException;
import dev.stepwise.testkit.TrackBehaviour;
import dev.stepwise.time.Durations;
import dev.stepwise.traffic.Track;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * Reads a scenario file (YAML or JSON), reporting every problem with its path at once.
 *
 * <pre>{@code
 * requestRate: 100            # requests per second; default 100
 * seed: 1                     # default 42
 * matchingShare: 0.1          # share of requests an A/B test's routes match; default 0.1
 * tracks:                     # each field optional
 *   stable: {errorRate: 0.001, latency: {median: 50ms, p99: 200ms}}   # the defaults
 *   canary: {errorRate: 0.001}                                         # default: as stable
 *   baseline: {}                                                       # default: as stable
 * metrics:                    # values of the spec's custom metrics; default: inside their range
 *   queue-lag-seconds: 12
 * changes:                    # in order of time
 *   - at: 5m                  # a Go-style or ISO-8601 duration since the start
 *     canary: {errorRate: 0.2}          # what is left out stays as it was
 *     metrics: {queue-lag-seconds: 45}
 * }</pre>
 */
final class ScenarioReader {

    private static final List<String> TOP = List.of("requestRate", "seed", "matchingShare", "tracks", "metrics", "changes");
    private static final List<String> TRACKS = List.of("stable", "canary", "baseline");
    private static final List<String> TRACK = List.of("errorRate", "latency");
    private static final List<String> LATENCY = List.of("median", "p99");
    private static final List<String> CHANGE = List.of("at", "stable", "canary", "baseline", "metrics");

    private final List<Problem> problems = new ArrayList<>();

    private ScenarioReader() {
    }

    /**
     * @throws InvalidConfigException naming {@code scenario FILE} and listing every problem
     * @throws IOException            when the file cannot be read
     */
    static Scenario read(Path file) throws IOException {
        String text;
        try {
            text = DocumentReader.ofDefaults().readFile(file);
        } catch (UnreadableDocumentException e) {
            throw new InvalidConfigException("scenario " + file, List.of(e.problem()));
        }
        return parse(text, file.toString());
    }

    /** @throws InvalidConfigException naming {@code scenario SOURCE} and listing every problem */
    static Scenario parse(String text, String source) {
        ScenarioReader reader = new ScenarioReader();
        Scenario scenario = reader.scenario(reader.tree(text), source);
        if (!reader.problems.isEmpty()) {
            throw new InvalidConfigException("scenario " + source, reader.problems);
        }
        return Objects.requireNonNull(scenario, "no scenario only with problems");
    }

    /** The tree of {@code text}, YAML or JSON, within the default input limits; missing, with a problem, when unreadable. */
    private JsonNode tree(String text) {
        try {
            return DocumentReader.ofDefaults().parse(text, Syntax.YAML);
        } catch (UnreadableDocumentException e) {
            problems.add(e.problem());
            return MissingNode.getInstance();
        }
    }

    private @Nullable Scenario scenario(JsonNode root, String source) {
        if (root.isMissingNode()) {
            if (problems.isEmpty()) {
                problems.add(new Problem("", "the file holds no scenario; write {} for every default"));
            }
            return null;
        }
        if (!object(root, "", TOP)) {
            return null;
        }
        double requestRate = number(root.path("requestRate"), "requestRate", 0, Double.MAX_VALUE)
                .orElse(Scenario.DEFAULT_REQUEST_RATE);
        long seed = integer(root.path("seed"), "seed").orElse(Scenario.DEFAULT_SEED);
        double matchingShare = number(root.path("matchingShare"), "matchingShare", 0, 1)
                .orElse(Scenario.DEFAULT_MATCHING_SHARE);

        JsonNode tracksNode = root.path("tracks");
        boolean tracksOk = tracksNode.isMissingNode() || object(tracksNode, "tracks", TRACKS);
        Map<Track, TrackBehaviour> tracks = new EnumMap<>(Track.class);
        TrackBehaviour stable = track(tracksOk ? tracksNode.path("stable") : null, "tracks.stable", Scenario.STABLE);
        tracks.put(Track.STABLE, stable);
        tracks.put(Track.CANARY, track(tracksOk ? tracksNode.path("canary") : null, "tracks.canary", stable));
        tracks.put(Track.BASELINE, track(tracksOk ? tracksNode.path("baseline") : null, "tracks.baseline", stable));
        Map<String, Double> metrics = metrics(root.path("metrics"), "metrics");
        List<Scenario.Change> changes = changes(root.path("changes"), tracks);
        return new Scenario(Path.of(source).getFileName().toString(), requestRate, seed, matchingShare, tracks, metrics,
                changes);
    }

    private List<Scenario.Change> changes(JsonNode node, Map<Track, TrackBehaviour> start) {
        List<Scenario.Change> changes = new ArrayList<>();
        if (node.isMissingNode()) {
            return changes;
        }
        if (!node.isArray()) {
            problems.add(new Problem("changes", "expected a list of changes, got " + describe(node)));
            return changes;
        }
        Map<Track, TrackBehaviour> current = new EnumMap<>(start);
        Duration previous = Duration.ZERO;
        for (int i = 0; i < node.size(); i++) {
            String path = "changes[" + i + "]";
            JsonNode change = node.get(i);
            if (!object(change, path, CHANGE)) {
                continue;
            }
            Optional<Duration> at = duration(change.path("at"), path + ".at", true);
            if (at.isPresent() && at.get().compareTo(previous) < 0) {
                problems.add(new Problem(path + ".at", Durations.format(at.get())
                        + " is before the previous change at " + Durations.format(previous) + "; list changes in order of time"));
            }
            Map<Track, TrackBehaviour> changed = new EnumMap<>(Track.class);
            for (Track track : Track.values()) {
                JsonNode trackNode = change.path(track.label());
                if (!trackNode.isMissingNode()) {
                    TrackBehaviour behaviour = track(trackNode, path + "." + track.label(),
                            Objects.requireNonNull(current.get(track)));
                    changed.put(track, behaviour);
                    current.put(track, behaviour);
                }
            }
            Map<String, Double> metrics = metrics(change.path("metrics"), path + ".metrics");
            if (at.isPresent()) {
                previous = at.get().compareTo(previous) < 0 ? previous : at.get();
                changes.add(new Scenario.Change(at.get(), changed, metrics));
            }
        }
        return changes;
    }

    /** A track's behaviour: {@code base} with what the node sets; {@code base} when absent or unreadable. */
    private TrackBehaviour track(@Nullable JsonNode node, String path, TrackBehaviour base) {
        if (node == null || node.isMissingNode() || !object(node, path, TRACK)) {
            return base;
        }
        double errorRate = number(node.path("errorRate"), path + ".errorRate", 0, 1).orElse(base.errorProbability());
        double median = base.latencyMedianMs();
        double p99 = base.latencyP99Ms();
        JsonNode latency = node.path("latency");
        if (!latency.isMissingNode() && object(latency, path + ".latency", LATENCY)) {
            median = positiveMillis(latency.path("median"), path + ".latency.median").orElse(median);
            p99 = positiveMillis(latency.path("p99"), path + ".latency.p99").orElse(p99);
            if (p99 < median) {
                String at = latency.has("p99") ? path + ".latency.p99" : path + ".latency.median";
                problems.add(new Problem(at, "p99 " + TimelineText.number(p99) + "ms must be at least the median "
                        + TimelineText.number(median) + "ms"));
                return base;
            }
        }
        return new TrackBehaviour(errorRate, median, p99);
    }

    private Map<String, Double> metrics(JsonNode node, String path) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (node.isMissingNode()) {
            return metrics;
        }
        if (!node.isObject()) {
            problems.add(new Problem(path, "expected an object of metric values by name, got " + describe(node)));
            return metrics;
        }
        node.fields().forEachRemaining(field -> number(field.getValue(), path + "." + field.getKey(),
                -Double.MAX_VALUE, Double.MAX_VALUE).ifPresent(v -> metrics.put(field.getKey(), v)));
        return metrics;
    }

    // ---- typed values -------------------------------------------------------------------------

    /** Whether the node is an object; records an unknown-field problem for each field not in {@code known}. */
    private boolean object(JsonNode node, String path, List<String> known) {
        if (!node.isObject()) {
            problems.add(new Problem(path, "expected an object, got " + describe(node)));
            return false;
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                String suggestion = Suggestion.closest(name, known).map(k -> "; did you mean " + k + "?").orElse("");
                problems.add(new Problem(path.isEmpty() ? name : path + "." + name,
                        "unknown field; known fields: " + String.join(", ", known) + suggestion));
            }
        });
        return true;
    }

    private OptionalDouble number(JsonNode node, String path, double min, double max) {
        if (node.isMissingNode()) {
            return OptionalDouble.empty();
        }
        if (!node.isNumber()) {
            problems.add(new Problem(path, "expected a number, got " + describe(node)));
            return OptionalDouble.empty();
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value) || value < min || value > max) {
            String range = max == Double.MAX_VALUE ? "at least " + TimelineText.number(min)
                    : "between " + TimelineText.number(min) + " and " + TimelineText.number(max);
            problems.add(new Problem(path, node.asText() + " must be " + range));
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(value);
    }

    private Optional<Long> integer(JsonNode node, String path) {
        if (node.isMissingNode()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            problems.add(new Problem(path, "expected an integer, got " + describe(node)));
            return Optional.empty();
        }
        return Optional.of(node.longValue());
    }

    private Optional<Duration> duration(JsonNode node, String path, boolean required) {
        if (node.isMissingNode()) {
            if (required) {
                problems.add(new Problem(path, "is required: when the change happens, e.g. 5m"));
            }
            return Optional.empty();
        }
        if (!node.isTextual()) {
            problems.add(new Problem(path, "expected a duration such as 50ms, 5m or PT1M, got " + describe(node)));
            return Optional.empty();
        }
        try {
            Duration value = Durations.parse(node.textValue());
            if (value.isNegative()) {
                problems.add(new Problem(path, node.textValue() + " must not be negative"));
                return Optional.empty();
            }
            return Optional.of(value);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(path, "expected a duration such as 50ms, 5m or PT1M, got " + describe(node)));
            return Optional.empty();
        }
    }

    private OptionalDouble positiveMillis(JsonNode node, String path) {
        Optional<Duration> value = duration(node, path, false);
        if (value.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (value.get().isZero()) {
            problems.add(new Problem(path, node.textValue() + " must be longer than 0"));
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(value.get().toNanos() / 1e6);
    }

    /** A value with its type, e.g. {@code string "five"}, {@code integer 5}, {@code a list}. */
    private static String describe(JsonNode value) {
        if (value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return "string \"" + value.textValue().replace("\"", "\\\"") + "\"";
        }
        if (value.isBoolean()) {
            return "boolean " + value.asText();
        }
        if (value.isNumber()) {
            return (value.isIntegralNumber() ? "integer " : "number ") + value.asText();
        }
        return value.isArray() ? "a list" : "an object";
    }
}
