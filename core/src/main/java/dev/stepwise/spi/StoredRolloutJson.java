package dev.stepwise.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.input.InputLimits;
import dev.stepwise.input.internal.DocumentReader;
import dev.stepwise.input.internal.Syntax;
import dev.stepwise.input.internal.UnreadableDocumentException;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.HookResult;
import dev.stepwise.rollout.NextLook;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link StoredRollout} as JSON text and back, for state stores that keep text (a ConfigMap, a file
 * in Git). Written by hand on Jackson's tree model, so the format is explicit and stable:
 *
 * <ul>
 *   <li>a top-level {@code "format": 2}; format 1 (written before the step {@code note} and the
 *       {@code conflict} were kept) is still read, its note marked as not recorded; another format is
 *       refused rather than misread;</li>
 *   <li>keys in a fixed order and sets sorted, so the same record always gives the same text
 *       (readable diffs in Git); the text is indented;</li>
 *   <li>enums by their spec labels ({@code "Paused"}, {@code "canary"}, {@code "post-rollout"});</li>
 *   <li>every {@link Action} with a {@code "kind"} discriminator: the simple name of its record
 *       ({@code SetTraffic}, {@code ScaleTrack}, {@code PromoteCanary}, {@code CallWebhook}, {@code Emit});</li>
 *   <li>instants as ISO-8601 UTC strings at full precision ({@link Instant#toString()}), durations
 *       as ISO-8601 ({@code PT1M30S}); an absent {@code verifiedAt} or {@code conflict} as {@code null};</li>
 *   <li>the judges' {@code evidence} by judge name, and a verdict's {@code "critical": true}, only when
 *       present (a record without them reads and writes as before they existed);</li>
 *   <li>a verdict's observed value as a JSON number, {@code null} when there was none ({@code NaN}),
 *       {@code "Infinity"} or {@code "-Infinity"} for the infinities.</li>
 * </ul>
 *
 * <p>Reading is strict: a missing field, an unknown field, a wrong type or an out-of-range value is an
 * {@link InvalidValueException} whose field is the JSON path, e.g. {@code pending[2].percent}.
 * Thread-safe; no state.
 */
public final class StoredRolloutJson {

    /** The format written; this one and {@link #FORMAT_WITHOUT_NOTE} are read. */
    public static final int FORMAT = 2;

    /** The first format, without {@code note} and {@code conflict}; still read, never written. */
    public static final int FORMAT_WITHOUT_NOTE = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Our own records, read back from a ConfigMap or Git, where a person could also write: bounded,
     * but so far above what Stepwise writes (a few KiB) that a record written is always read.
     */
    static final InputLimits LIMITS = InputLimits.builder().maxDocumentBytes(16 * 1024 * 1024)
            .maxStringLength(1024 * 1024).build();
    private static final DocumentReader READER = DocumentReader.of(LIMITS);

    private StoredRolloutJson() {
    }

    /** {@code rollout} as indented JSON text, byte-for-byte the same for equal records. */
    public static String toJson(StoredRollout rollout) {
        InvalidValueException.requireNonNull("rollout", rollout);
        try {
            return JSON.writeValueAsString(tree(rollout));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a record written by {@link #toJson}.
     *
     * @throws InvalidValueException naming the JSON path of the first malformed value
     */
    public static StoredRollout fromJson(String json) {
        InvalidValueException.requireNonNull("json", json);
        JsonNode root;
        try {
            root = READER.parse(json, Syntax.JSON);
        } catch (UnreadableDocumentException e) {
            throw new InvalidValueException("$", "text", "must be JSON (" + e.problem().message() + ")");
        }
        return StoredRolloutReader.read(root);
    }

    /** {@code rollout} as a JSON tree, in the layout {@link #toJson} writes. */
    static ObjectNode tree(StoredRollout rollout) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("id", rollout.id());
        root.put("version", rollout.version());
        root.set("state", state(rollout.state()));
        ArrayNode pending = root.putArray("pending");
        rollout.pending().forEach(action -> pending.add(action(action)));
        root.set("note", note(rollout.note()));
        root.set("next", next(rollout.next()));
        root.put("dueAt", rollout.dueAt().toString());
        root.put("verifiedAt", rollout.verifiedAt().map(Instant::toString).orElse(null));
        ArrayNode hooks = root.putArray("hookResults");
        for (HookResult result : rollout.hookResults()) {
            hooks.addObject().put("type", result.type().label()).put("succeeded", result.succeeded())
                    .put("message", result.message());
        }
        ArrayNode commands = root.putArray("commands");
        rollout.commands().stream().sorted().forEach(command -> commands.add(command.label()));
        root.set("conflict", conflict(rollout.conflict()));
        if (!rollout.evidence().isEmpty()) {
            root.set("evidence", EvidenceJson.write(rollout.evidence()));
        }
        return root;
    }

    private static ObjectNode note(StepNote note) {
        ObjectNode node = JSON.createObjectNode();
        // "step" is the key the store version has always been written under
        node.put("step", note.version());
        node.put("decision", note.decision().label());
        node.put("reason", note.reason());
        ArrayNode verdicts = node.putArray("verdicts");
        for (Verdict v : note.verdicts()) {
            ObjectNode verdict = verdicts.addObject().put("metric", v.metric()).put("status", v.status().label());
            if (Double.isNaN(v.observed())) {
                verdict.putNull("observed");
            } else if (Double.isInfinite(v.observed())) {
                verdict.put("observed", v.observed() > 0 ? "Infinity" : "-Infinity");
            } else {
                verdict.put("observed", v.observed());
            }
            verdict.put("reason", v.reason());
            if (v.critical()) {
                verdict.put("critical", true);
            }
        }
        node.put("decidedAt", note.decidedAt().toString());
        node.put("overridesConflict", note.overridesConflict());
        return node;
    }

    private static JsonNode conflict(Optional<HeldConflict> held) {
        return held.<JsonNode>map(conflict -> JSON.createObjectNode().put("what", conflict.what())
                .put("message", conflict.message()).put("at", conflict.at().toString())).orElse(JSON.nullNode());
    }

    private static ObjectNode state(RolloutState state) {
        ObjectNode node = JSON.createObjectNode();
        node.put("phase", state.phase().label());
        node.put("revision", state.revision());
        node.put("stepIndex", state.stepIndex());
        node.set("split", split(state.split()));
        node.put("passedAnalyses", state.passedAnalyses());
        node.put("failedAnalyses", state.failedAnalyses());
        node.put("noDataIntervals", state.noDataIntervals());
        node.put("pausedFrom", state.pausedFrom() == null ? null : state.pausedFrom().label());
        node.put("stepStartedAt", state.stepStartedAt().toString());
        node.put("version", state.version());
        return node;
    }

    private static ObjectNode split(TrafficSplit split) {
        ObjectNode node = JSON.createObjectNode();
        node.put("stable", split.stable());
        node.put("canary", split.canary());
        node.put("baseline", split.baseline());
        ArrayNode matches = node.putArray("matches");
        for (RouteMatch match : split.matches()) {
            ObjectNode m = matches.addObject();
            ArrayNode conditions = m.putArray("conditions");
            for (MatchCondition c : match.conditions()) {
                conditions.addObject().put("source", c.source().label()).put("name", c.name())
                        .put("operator", c.operator().label()).put("value", c.value());
            }
            m.put("track", match.track().label());
        }
        node.put("mirrorPercent", split.mirrorPercent());
        return node;
    }

    private static ObjectNode next(NextLook next) {
        ObjectNode node = JSON.createObjectNode();
        node.put("after", next.after().toString());
        node.put("analysis", next.analysis());
        ArrayNode gates = node.putArray("gates");
        next.gates().stream().sorted().forEach(gate -> gates.add(gate.label()));
        return node;
    }

    /** One action with its {@code kind}; every permitted subtype of the sealed {@link Action} is here. */
    static ObjectNode action(Action action) {
        ObjectNode node = JSON.createObjectNode();
        node.put("kind", kindOf(action));
        if (action instanceof Action.SetTraffic a) {
            node.set("split", split(a.split()));
        } else if (action instanceof Action.ScaleTrack a) {
            node.put("track", a.track().label()).put("percent", a.percent());
        } else if (action instanceof Action.PromoteCanary a) {
            node.put("revision", a.revision());
        } else if (action instanceof Action.CallWebhook a) {
            node.put("type", a.type().label());
        } else if (action instanceof Action.Emit a) {
            node.put("severity", severityLabel(a.severity())).put("message", a.message());
        } else {
            throw new IllegalStateException("no JSON form for action " + action.getClass().getName());
        }
        return node;
    }

    /** The {@code kind} of an action: its record's simple name. */
    static String kindOf(Action action) {
        return action.getClass().getSimpleName();
    }

    static String severityLabel(Action.Emit.Severity severity) {
        return severity.name().toLowerCase(Locale.ROOT);
    }
}
