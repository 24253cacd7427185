package dev.stepwise.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.analysis.JudgeEvidence;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.HookResult;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.NextLook;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.internal.NodeReader;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The reading half of {@link StoredRolloutJson}: the tree it writes back into a {@link StoredRollout},
 * read by a fail-fast {@link NodeReader}, so the first problem is thrown with its JSON path.
 */
final class StoredRolloutReader {

    private static final List<String> ACTION_KINDS = List.of("SetTraffic", "ScaleTrack", "PromoteCanary",
            "CallWebhook", "Emit");

    private StoredRolloutReader() {
    }

    static StoredRollout read(JsonNode tree) {
        boolean withNote = tree.path("format").asLong(-1) != StoredRolloutJson.FORMAT_WITHOUT_NOTE;
        NodeReader root = withNote
                ? objectOf(NodeReader.failFast(tree), "format", "id", "version", "state", "pending", "note", "next",
                        "dueAt", "verifiedAt", "hookResults", "commands", "conflict", "evidence")
                : objectOf(NodeReader.failFast(tree), "format", "id", "version", "state", "pending", "next", "dueAt",
                        "verifiedAt", "hookResults", "commands");
        long format = get(root, "format", r -> r.asLong(0L, Long.MAX_VALUE));
        if (format != StoredRolloutJson.FORMAT && format != StoredRolloutJson.FORMAT_WITHOUT_NOTE) {
            throw new InvalidValueException("format", format, "is not supported; this version reads formats "
                    + StoredRolloutJson.FORMAT_WITHOUT_NOTE + " and " + StoredRolloutJson.FORMAT);
        }
        String id = get(root, "id", NodeReader::asString);
        long version = get(root, "version", r -> r.asLong(0L, Long.MAX_VALUE));
        RolloutState state = get(root, "state", StoredRolloutReader::state);
        List<Action> pending = list(root, "pending", StoredRolloutReader::action);
        NextLook next = get(root, "next", StoredRolloutReader::next);
        Instant dueAt = get(root, "dueAt", NodeReader::asInstant);
        StepNote note = withNote ? get(root, "note", n -> note(id, state, n))
                : unrecorded(id, state, version, dueAt.minus(next.after()));
        Optional<Instant> verifiedAt = root.nullable("verifiedAt", NodeReader::asInstant);
        List<HookResult> hookResults = list(root, "hookResults", StoredRolloutReader::hookResult);
        Set<Command> commands = unique(root.field("commands"), list(root, "commands",
                c -> c.asChoice(Command.values(), Command::label)));
        Optional<HeldConflict> conflict = withNote ? root.nullable("conflict", StoredRolloutReader::conflict)
                : Optional.empty();
        Map<String, JudgeEvidence> evidence = root.optional("evidence", EvidenceJson::read).orElse(Map.of());
        return root.build(() -> new StoredRollout(id, state, pending, note, next, dueAt, verifiedAt,
                hookResults, commands, conflict, evidence, version)).orElseThrow();
    }

    /**
     * The note of a format-1 record, which kept none: its version is the record's version (exact unless a
     * command was saved after the write-ahead), its time when the step was due less the wait.
     */
    private static StepNote unrecorded(String id, RolloutState state, long version, Instant decidedAt) {
        return new StepNote(id, state.stepIndex(), version, Decision.NONE, "not recorded (stored in format "
                + StoredRolloutJson.FORMAT_WITHOUT_NOTE + ")", List.of(), decidedAt, false);
    }

    /** The note, whose rollout and step are the record's id and its state's step index (not repeated in JSON). */
    private static Optional<StepNote> note(String id, RolloutState state, NodeReader value) {
        NodeReader n = objectOf(value, "step", "decision", "reason", "verdicts", "decidedAt", "overridesConflict");
        long version = get(n, "step", r -> r.asLong(0L, Long.MAX_VALUE));
        Decision decision = get(n, "decision", r -> r.asChoice(Decision.values(), Decision::label));
        String reason = get(n, "reason", NodeReader::asString);
        List<Verdict> verdicts = list(n, "verdicts", StoredRolloutReader::verdict);
        Instant decidedAt = get(n, "decidedAt", NodeReader::asInstant);
        boolean overrides = get(n, "overridesConflict", NodeReader::asBoolean);
        return n.build(() -> new StepNote(id, state.stepIndex(), version, decision, reason, verdicts, decidedAt,
                overrides));
    }

    private static Optional<Verdict> verdict(NodeReader value) {
        NodeReader v = objectOf(value, "metric", "status", "observed", "reason", "critical");
        String metric = get(v, "metric", NodeReader::asString);
        Verdict.Status status = get(v, "status", r -> r.asChoice(Verdict.Status.values(), Verdict.Status::label));
        double observed = v.nullable("observed", StoredRolloutReader::observed).orElse(Double.NaN);
        String reason = get(v, "reason", NodeReader::asString);
        boolean critical = v.optional("critical", NodeReader::asBoolean).orElse(false);
        return v.build(() -> new Verdict(metric, status, observed, reason, critical));
    }

    private static Optional<Double> observed(NodeReader value) {
        JsonNode node = value.node();
        if (node.isNumber()) {
            return Optional.of(node.asDouble());
        }
        if (node.isTextual() && (node.asText().equals("Infinity") || node.asText().equals("-Infinity"))) {
            return Optional.of(node.asText().startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        return value.expected("a number, null (no value), \"Infinity\" or \"-Infinity\"");
    }

    private static Optional<HeldConflict> conflict(NodeReader value) {
        NodeReader c = objectOf(value, "what", "message", "at");
        String what = get(c, "what", NodeReader::asString);
        String message = get(c, "message", NodeReader::asString);
        Instant at = get(c, "at", NodeReader::asInstant);
        return c.build(() -> new HeldConflict(what, message, at));
    }

    private static Optional<RolloutState> state(NodeReader value) {
        NodeReader s = objectOf(value, "phase", "revision", "stepIndex", "split", "passedAnalyses", "failedAnalyses",
                "noDataIntervals", "pausedFrom", "stepStartedAt", "version");
        Phase phase = get(s, "phase", StoredRolloutReader::phase);
        String revision = get(s, "revision", NodeReader::asString);
        int stepIndex = get(s, "stepIndex", r -> r.asInteger(-1, Integer.MAX_VALUE));
        TrafficSplit split = get(s, "split", StoredRolloutReader::split);
        int passed = get(s, "passedAnalyses", r -> r.asInteger(0, Integer.MAX_VALUE));
        int failed = get(s, "failedAnalyses", r -> r.asInteger(0, Integer.MAX_VALUE));
        int noData = get(s, "noDataIntervals", r -> r.asInteger(0, Integer.MAX_VALUE));
        Phase pausedFrom = s.nullable("pausedFrom", StoredRolloutReader::phase).orElse(null);
        Instant stepStartedAt = get(s, "stepStartedAt", NodeReader::asInstant);
        long version = get(s, "version", r -> r.asLong(0L, Long.MAX_VALUE));
        return s.build(() -> new RolloutState(phase, revision, stepIndex, split, passed,
                failed, noData, pausedFrom, stepStartedAt, version));
    }

    private static Optional<Phase> phase(NodeReader value) {
        return value.asChoice(Phase.values(), Phase::label);
    }

    private static Optional<TrafficSplit> split(NodeReader value) {
        NodeReader s = objectOf(value, "stable", "canary", "baseline", "matches", "mirrorPercent");
        int stable = get(s, "stable", StoredRolloutReader::percent);
        int canary = get(s, "canary", StoredRolloutReader::percent);
        int baseline = get(s, "baseline", StoredRolloutReader::percent);
        List<RouteMatch> matches = list(s, "matches", StoredRolloutReader::match);
        int mirror = get(s, "mirrorPercent", StoredRolloutReader::percent);
        return s.build(() -> new TrafficSplit(stable, canary, baseline, matches, mirror));
    }

    private static Optional<Integer> percent(NodeReader value) {
        return value.asInteger(0, 100);
    }

    private static Optional<RouteMatch> match(NodeReader value) {
        NodeReader m = objectOf(value, "conditions", "track");
        List<MatchCondition> conditions = list(m, "conditions", StoredRolloutReader::condition);
        Track track = get(m, "track", StoredRolloutReader::track);
        return m.build(() -> new RouteMatch(conditions, track));
    }

    private static Optional<Track> track(NodeReader value) {
        return value.asChoice(Track.values(), Track::label);
    }

    private static Optional<MatchCondition> condition(NodeReader value) {
        NodeReader c = objectOf(value, "source", "name", "operator", "value");
        MatchCondition.Source source = get(c, "source",
                r -> r.asChoice(MatchCondition.Source.values(), MatchCondition.Source::label));
        String name = get(c, "name", NodeReader::asString);
        MatchCondition.Operator operator = get(c, "operator",
                r -> r.asChoice(MatchCondition.Operator.values(), MatchCondition.Operator::label));
        String text = get(c, "value", NodeReader::asString);
        return c.build(() -> new MatchCondition(source, name, operator, text));
    }

    private static Optional<Action> action(NodeReader value) {
        value.asObject().orElseThrow();
        String kind = get(value, "kind", r -> r.asOneOf(ACTION_KINDS));
        return switch (kind) {
            case "SetTraffic" -> {
                NodeReader a = objectOf(value, "kind", "split");
                yield Optional.of(new Action.SetTraffic(get(a, "split", StoredRolloutReader::split)));
            }
            case "ScaleTrack" -> {
                NodeReader a = objectOf(value, "kind", "track", "percent");
                Track track = get(a, "track", StoredRolloutReader::track);
                int percent = get(a, "percent", StoredRolloutReader::percent);
                yield Optional.of(new Action.ScaleTrack(track, percent));
            }
            case "PromoteCanary" -> Optional.of(new Action.PromoteCanary(
                    get(objectOf(value, "kind", "revision"), "revision", NodeReader::asString)));
            case "CallWebhook" -> {
                NodeReader a = objectOf(value, "kind", "type");
                HookType type = get(a, "type", StoredRolloutReader::hookType);
                yield a.build(() -> new Action.CallWebhook(type));
            }
            case "Emit" -> {
                NodeReader a = objectOf(value, "kind", "severity", "message");
                Action.Emit.Severity severity = get(a, "severity",
                        r -> r.asChoice(Action.Emit.Severity.values(), StoredRolloutJson::severityLabel));
                yield Optional.of(new Action.Emit(severity, get(a, "message", NodeReader::asString)));
            }
            default -> throw new IllegalStateException("kind " + kind + " passed the check against " + ACTION_KINDS);
        };
    }

    private static Optional<NextLook> next(NodeReader value) {
        NodeReader n = objectOf(value, "after", "analysis", "gates");
        Duration after = get(n, "after", NodeReader::asIsoDuration);
        boolean analysis = get(n, "analysis", NodeReader::asBoolean);
        Set<HookType> gates = unique(n.field("gates"), list(n, "gates", StoredRolloutReader::hookType));
        return n.build(() -> new NextLook(after, analysis, gates));
    }

    private static Optional<HookType> hookType(NodeReader value) {
        return value.asChoice(HookType.values(), HookType::label);
    }

    private static Optional<HookResult> hookResult(NodeReader value) {
        NodeReader h = objectOf(value, "type", "succeeded", "message");
        HookType type = get(h, "type", StoredRolloutReader::hookType);
        return Optional.of(new HookResult(type, get(h, "succeeded", NodeReader::asBoolean),
                get(h, "message", NodeReader::asString)));
    }

    // ---- reading with a fail-fast reader: a value that cannot be read has been thrown already ----

    /** {@code value} as an object that may hold only {@code fields}. */
    private static NodeReader objectOf(NodeReader value, String... fields) {
        return value.asObject(List.of(fields)).orElseThrow();
    }

    /** The required {@code field} of {@code object}, read by {@code read}. */
    private static <T> T get(NodeReader object, String field, Function<NodeReader, Optional<T>> read) {
        return object.required(field, read).orElseThrow();
    }

    /** Each element of the required list {@code field}, read by {@code element}. */
    private static <T> List<T> list(NodeReader object, String field, Function<NodeReader, Optional<T>> element) {
        return get(object, field, NodeReader::asList).stream().map(item -> element.apply(item).orElseThrow()).toList();
    }

    private static <E> Set<E> unique(NodeReader list, List<E> items) {
        Set<E> set = new HashSet<>(items);
        if (set.size() != items.size()) {
            list.problem(items + " must not repeat a value");
        }
        return set;
    }
}
