package dev.stepwise.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.HookType;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.traffic.TrafficSplit;
import java.io.UncheckedIOException;

/**
 * A stored rollout as {@code stepwise status --output json} prints it, one object per line, for
 * scripts: {@code rollout}, {@code phase}, {@code pausedFrom}, {@code revision}, {@code step},
 * {@code split} (stable, canary, baseline, mirror percentages and the number of header matches),
 * {@code verified}, {@code lastStep} (decision, reason, at), {@code verdicts} (metric, status,
 * observed or null, reason), {@code analyses}, {@code commands} (pending, sorted), {@code held}
 * (what, message, at; null when not held), {@code nextLook} (dueAt, analysis, gates; null once
 * ended), {@code ended} and {@code version}.
 */
final class StatusJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusJson() {
    }

    static String of(StoredRollout rec) {
        ObjectNode root = JSON.createObjectNode();
        root.put("rollout", rec.id());
        root.put("phase", rec.state().phase().label());
        root.put("pausedFrom", rec.state().pausedFrom() == null ? null : rec.state().pausedFrom().label());
        root.put("revision", rec.state().revision());
        root.put("step", rec.state().stepIndex());
        TrafficSplit split = rec.state().split();
        ObjectNode splitNode = root.putObject("split");
        splitNode.put("stable", split.stable()).put("canary", split.canary()).put("baseline", split.baseline())
                .put("mirror", split.mirrorPercent()).put("matches", split.matches().size());
        root.put("verified", rec.verifiedAt().map(Object::toString).orElse(null));
        root.put("committed", rec.isCommitted());
        ObjectNode last = root.putObject("lastStep");
        last.put("decision", rec.note().decision().label()).put("reason", rec.note().reason())
                .put("at", rec.note().decidedAt().toString());
        ArrayNode verdicts = root.putArray("verdicts");
        for (Verdict v : rec.note().verdicts()) {
            ObjectNode node = verdicts.addObject().put("metric", v.metric()).put("status", v.status().label());
            if (v.hasObservedValue() && Double.isFinite(v.observed())) {
                node.put("observed", v.observed());
            } else {
                node.putNull("observed");
            }
            node.put("reason", v.reason());
        }
        root.putObject("analyses").put("passed", rec.state().passedAnalyses()).put("failed", rec.state().failedAnalyses())
                .put("noData", rec.state().noDataIntervals());
        ArrayNode commands = root.putArray("commands");
        rec.commands().stream().map(Command::label).sorted().forEach(commands::add);
        if (rec.conflict().isPresent()) {
            root.putObject("held").put("what", rec.conflict().get().what()).put("message", rec.conflict().get().message())
                    .put("at", rec.conflict().get().at().toString());
        } else {
            root.putNull("held");
        }
        boolean ended = rec.state().phase().isTerminal();
        if (ended) {
            root.putNull("nextLook");
        } else {
            ObjectNode next = root.putObject("nextLook").put("dueAt", rec.dueAt().toString())
                    .put("analysis", rec.next().analysis());
            ArrayNode gates = next.putArray("gates");
            rec.next().gates().stream().map(HookType::label).sorted().forEach(gates::add);
        }
        root.put("ended", ended);
        root.put("version", rec.version());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
