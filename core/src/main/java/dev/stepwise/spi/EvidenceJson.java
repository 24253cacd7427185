package dev.stepwise.spi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.analysis.JudgeEvidence;
import dev.stepwise.analysis.judge.SequentialEvidence;
import dev.stepwise.analysis.judge.TrackCounts;
import dev.stepwise.validation.internal.NodeReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The judges' evidence of a {@link StoredRollout} in JSON: an object by judge name (sorted), each
 * {@code {"logLikelihoodRatio": 1.25, "canary": {"requests": 900, "bad": 9}, "control": {...},
 * "looks": 3, "heldLooks": 1, "lookedAt": "2026-01-01T00:00:10Z"}} ({@code lookedAt} only when
 * known). Written only when there is evidence, so records without judges read and write as before.
 */
final class EvidenceJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private EvidenceJson() {
    }

    static ObjectNode write(Map<String, JudgeEvidence> evidence) {
        ObjectNode node = NODES.objectNode();
        new TreeMap<>(evidence).forEach((name, judged) -> {
            SequentialEvidence e = judged.evidence();
            ObjectNode entry = node.putObject(name);
            entry.put("logLikelihoodRatio", e.logLikelihoodRatio());
            entry.set("canary", counts(e.canary()));
            entry.set("control", counts(e.control()));
            entry.put("looks", e.looks());
            entry.put("heldLooks", judged.heldLooks());
            judged.lookedAt().ifPresent(at -> entry.put("lookedAt", at.toString()));
        });
        return node;
    }

    private static ObjectNode counts(TrackCounts counts) {
        return NODES.objectNode().put("requests", counts.requests()).put("bad", counts.bad());
    }

    /** The evidence object, by judge name; a malformed entry has been thrown by the fail-fast reader. */
    static Optional<Map<String, JudgeEvidence>> read(NodeReader value) {
        NodeReader object = value.asObject().orElseThrow();
        Map<String, JudgeEvidence> evidence = new TreeMap<>();
        object.entries().forEach((name, entry) -> evidence.put(name, judge(entry)));
        return Optional.of(evidence);
    }

    private static JudgeEvidence judge(NodeReader value) {
        NodeReader e = value.asObject(List.of("logLikelihoodRatio", "canary", "control", "looks", "heldLooks",
                "lookedAt"))
                .orElseThrow();
        double llr = e.required("logLikelihoodRatio", NodeReader::asNumber).orElseThrow();
        TrackCounts canary = e.required("canary", EvidenceJson::counts).orElseThrow();
        TrackCounts control = e.required("control", EvidenceJson::counts).orElseThrow();
        int looks = e.required("looks", r -> r.asInteger(0, Integer.MAX_VALUE)).orElseThrow();
        int held = e.required("heldLooks", r -> r.asInteger(0, Integer.MAX_VALUE)).orElseThrow();
        Optional<Instant> lookedAt = e.optional("lookedAt", NodeReader::asInstant);
        return e.build(() -> new JudgeEvidence(new SequentialEvidence(llr, canary, control, looks), held, lookedAt))
                .orElseThrow();
    }

    private static Optional<TrackCounts> counts(NodeReader value) {
        NodeReader c = value.asObject(List.of("requests", "bad")).orElseThrow();
        long requests = c.required("requests", r -> r.asLong(0L, Long.MAX_VALUE)).orElseThrow();
        long bad = c.required("bad", r -> r.asLong(0L, Long.MAX_VALUE)).orElseThrow();
        return c.build(() -> new TrackCounts(requests, bad));
    }
}
