package dev.stepwise.spi;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The reading half of {@link StoredRolloutJson}: the tree it writes back into a {@link StoredRollout}. */
final class StoredRolloutReader {

    private StoredRolloutReader() {
    }

    static StoredRollout read(JsonNode tree) {
        JsonObjectReader.requireObject(tree, "");
        boolean withNote = tree.path("format").asLong(-1) != StoredRolloutJson.FORMAT_WITHOUT_NOTE;
        JsonObjectReader root = withNote
                ? JsonObjectReader.of(tree, "", "format", "id", "version", "state", "pending", "note", "next", "dueAt",
                        "verifiedAt", "hookResults", "commands", "conflict")
                : JsonObjectReader.of(tree, "", "format", "id", "version", "state", "pending", "next", "dueAt",
                        "verifiedAt", "hookResults", "commands");
        long format = root.integer("format", 0L, Long.MAX_VALUE);
        if (format != StoredRolloutJson.FORMAT && format != StoredRolloutJson.FORMAT_WITHOUT_NOTE) {
            throw new InvalidValueException("format", format, "is not supported; this version reads formats "
                    + StoredRolloutJson.FORMAT_WITHOUT_NOTE + " and " + StoredRolloutJson.FORMAT);
        }
        String id = root.text("id");
        long version = root.integer("version", 0L, Long.MAX_VALUE);
        RolloutState state = state(root.object("state", "phase", "revision", "stepIndex", "split", "passedAnalyses",
                "failedAnalyses", "noDataIntervals", "pausedFrom", "stepStartedAt", "version"));
        List<Action> pending = root.list("pending", StoredRolloutReader::action);
        NextLook next = next(root.object("next", "after", "analysis", "gates"));
        Instant dueAt = root.instant("dueAt");
        StepNote note = withNote ? note(id, state, root.object("note", "step", "decision", "reason", "verdicts",
                "decidedAt", "overridesConflict")) : unrecorded(id, state, version, dueAt.minus(next.after()));
        Optional<Instant> verifiedAt = Optional.ofNullable(root.optionalInstant("verifiedAt"));
        List<HookResult> hookResults = root.list("hookResults", StoredRolloutReader::hookResult);
        Set<Command> commands = unique(root.at("commands"), root.list("commands",
                (value, path) -> JsonObjectReader.choice(value, path, Command.values(), Command::label)));
        Optional<HeldConflict> conflict = withNote && !root.isNull("conflict")
                ? Optional.of(conflict(root.object("conflict", "what", "message", "at"))) : Optional.empty();
        return JsonObjectReader.build("", () -> new StoredRollout(id, state, pending, note, next, dueAt, verifiedAt,
                hookResults, commands, conflict, version));
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
    private static StepNote note(String id, RolloutState state, JsonObjectReader n) {
        long version = n.integer("step", 0L, Long.MAX_VALUE);
        Decision decision = n.choice("decision", Decision.values(), Decision::label);
        String reason = n.text("reason");
        List<Verdict> verdicts = n.list("verdicts", StoredRolloutReader::verdict);
        Instant decidedAt = n.instant("decidedAt");
        boolean overrides = n.bool("overridesConflict");
        return JsonObjectReader.build(n.path(), () -> new StepNote(id, state.stepIndex(), version, decision, reason,
                verdicts, decidedAt, overrides));
    }

    private static Verdict verdict(JsonNode value, String path) {
        JsonObjectReader v = JsonObjectReader.of(value, path, "metric", "status", "observed", "reason");
        String metric = v.text("metric");
        Verdict.Status status = v.choice("status", Verdict.Status.values(), Verdict.Status::label);
        double observed = v.isNull("observed") ? Double.NaN : observed(v.required("observed"), v.at("observed"));
        String reason = v.text("reason");
        return JsonObjectReader.build(path, () -> new Verdict(metric, status, observed, reason));
    }

    private static double observed(JsonNode value, String path) {
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isTextual() && (value.asText().equals("Infinity") || value.asText().equals("-Infinity"))) {
            return value.asText().startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        throw new InvalidValueException(path, value, "must be a number, null (no value), \"Infinity\" or \"-Infinity\"");
    }

    private static HeldConflict conflict(JsonObjectReader c) {
        String what = c.text("what");
        String message = c.text("message");
        Instant at = c.instant("at");
        return JsonObjectReader.build(c.path(), () -> new HeldConflict(what, message, at));
    }

    private static RolloutState state(JsonObjectReader s) {
        Phase phase = s.choice("phase", Phase.values(), Phase::label);
        String revision = s.text("revision");
        int stepIndex = s.integer("stepIndex", -1, Integer.MAX_VALUE);
        TrafficSplit split = split(s.required("split"), s.at("split"));
        int passed = s.integer("passedAnalyses", 0, Integer.MAX_VALUE);
        int failed = s.integer("failedAnalyses", 0, Integer.MAX_VALUE);
        int noData = s.integer("noDataIntervals", 0, Integer.MAX_VALUE);
        Phase pausedFrom = s.isNull("pausedFrom") ? null : s.choice("pausedFrom", Phase.values(), Phase::label);
        Instant stepStartedAt = s.instant("stepStartedAt");
        long version = s.integer("version", 0L, Long.MAX_VALUE);
        return JsonObjectReader.build(s.path(), () -> new RolloutState(phase, revision, stepIndex, split, passed,
                failed, noData, pausedFrom, stepStartedAt, version));
    }

    private static TrafficSplit split(JsonNode value, String path) {
        JsonObjectReader s = JsonObjectReader.of(value, path, "stable", "canary", "baseline", "matches", "mirrorPercent");
        int stable = s.integer("stable", 0, 100);
        int canary = s.integer("canary", 0, 100);
        int baseline = s.integer("baseline", 0, 100);
        List<RouteMatch> matches = s.list("matches", StoredRolloutReader::match);
        int mirror = s.integer("mirrorPercent", 0, 100);
        return JsonObjectReader.build(path, () -> new TrafficSplit(stable, canary, baseline, matches, mirror));
    }

    private static RouteMatch match(JsonNode value, String path) {
        JsonObjectReader m = JsonObjectReader.of(value, path, "conditions", "track");
        List<MatchCondition> conditions = m.list("conditions", StoredRolloutReader::condition);
        Track track = m.choice("track", Track.values(), Track::label);
        return JsonObjectReader.build(path, () -> new RouteMatch(conditions, track));
    }

    private static MatchCondition condition(JsonNode value, String path) {
        JsonObjectReader c = JsonObjectReader.of(value, path, "source", "name", "operator", "value");
        MatchCondition.Source source = c.choice("source", MatchCondition.Source.values(), MatchCondition.Source::label);
        String name = c.text("name");
        MatchCondition.Operator operator = c.choice("operator", MatchCondition.Operator.values(),
                MatchCondition.Operator::label);
        String text = c.text("value");
        return JsonObjectReader.build(path, () -> new MatchCondition(source, name, operator, text));
    }

    private static Action action(JsonNode value, String path) {
        JsonObjectReader.requireObject(value, path);
        String kind = value.path("kind").asText("");
        return switch (kind) {
            case "SetTraffic" -> {
                JsonObjectReader a = JsonObjectReader.of(value, path, "kind", "split");
                TrafficSplit split = split(a.required("split"), a.at("split"));
                yield new Action.SetTraffic(split);
            }
            case "ScaleTrack" -> {
                JsonObjectReader a = JsonObjectReader.of(value, path, "kind", "track", "percent");
                Track track = a.choice("track", Track.values(), Track::label);
                int percent = a.integer("percent", 0, 100);
                yield new Action.ScaleTrack(track, percent);
            }
            case "PromoteCanary" -> new Action.PromoteCanary(
                    JsonObjectReader.of(value, path, "kind", "revision").text("revision"));
            case "CallWebhook" -> {
                JsonObjectReader a = JsonObjectReader.of(value, path, "kind", "type");
                HookType type = a.choice("type", HookType.values(), HookType::label);
                yield JsonObjectReader.build(path, () -> new Action.CallWebhook(type));
            }
            case "Emit" -> {
                JsonObjectReader a = JsonObjectReader.of(value, path, "kind", "severity", "message");
                Action.Emit.Severity severity = a.choice("severity", Action.Emit.Severity.values(),
                        StoredRolloutJson::severityLabel);
                yield new Action.Emit(severity, a.text("message"));
            }
            default -> throw new InvalidValueException(path + ".kind", value.get("kind") == null ? "missing"
                    : value.get("kind"), "must be one of SetTraffic, ScaleTrack, PromoteCanary, CallWebhook, Emit");
        };
    }

    private static NextLook next(JsonObjectReader n) {
        Duration after = n.duration("after");
        boolean analysis = n.bool("analysis");
        Set<HookType> gates = unique(n.at("gates"), n.list("gates",
                (value, path) -> JsonObjectReader.choice(value, path, HookType.values(), HookType::label)));
        return JsonObjectReader.build(n.path(), () -> new NextLook(after, analysis, gates));
    }

    private static HookResult hookResult(JsonNode value, String path) {
        JsonObjectReader h = JsonObjectReader.of(value, path, "type", "succeeded", "message");
        HookType type = h.choice("type", HookType.values(), HookType::label);
        return new HookResult(type, h.bool("succeeded"), h.text("message"));
    }

    private static <E> Set<E> unique(String path, List<E> items) {
        Set<E> set = new HashSet<>(items);
        if (set.size() != items.size()) {
            throw new InvalidValueException(path, items, "must not repeat a value");
        }
        return set;
    }
}
