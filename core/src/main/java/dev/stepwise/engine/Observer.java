package dev.stepwise.engine;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.JudgeCheck;
import dev.stepwise.analysis.JudgeEvidence;
import dev.stepwise.analysis.JudgeLook;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.analysis.judge.TrackCounts;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.Observation;
import dev.stepwise.spi.CountQuery;
import dev.stepwise.spi.CountResult;
import dev.stepwise.spi.MetricQuery;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.traffic.Track;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Observe: builds the observation for one step. Normally exactly what the previous transition
 * asked for (the analysis, the gates), plus revision, readiness, operator commands and hook
 * results, and each judge's look on the canary's and the control's counts (the baseline when the
 * split routes one, else stable); a metric source's exceptions become verdicts, and its Errors, like every throwable
 * from the workload, propagate for the engine to retry. For a rollout the engine intervenes in, or whose hold an
 * operator ends, only what the engine itself knows.
 */
final class Observer {

    private Observer() {
    }

    /**
     * An observation, and the judges' evidence including its looks (the stored evidence when no
     * analysis was due).
     */
    record Observed(Observation observation, Map<String, JudgeEvidence> evidence) {
    }

    static Observed observe(RolloutDefinition def, StoredRollout rec, Instant now) {
        Observation.Builder obs = Observation.at(now, def.workload().canaryRevision())
                .readyTracks(def.workload().readyTracks())
                .commands(rec.commands())
                .hookResults(rec.hookResults());
        AnalysisPolicy policy = def.strategy().analysisAt(rec.state());
        Webhooks webhooks = new Webhooks(def, rec);
        Map<String, JudgeEvidence> evidence = new HashMap<>(rec.evidence());
        if (rec.next().analysis()) {
            policy.metrics().forEach(check -> obs.verdict(measure(def, check, policy.interval())));
            Track control = rec.state().split().baseline() > 0 ? Track.BASELINE : Track.STABLE;
            Instant start = now.minus(policy.interval());
            for (JudgeCheck judge : policy.judges()) {
                Duration window = sinceLastLook(judge, rec, now, start);
                // a shorter window: the judge already counted in this interval, so it had data
                obs.verdict(judge(def, judge, control, window, now, evidence, window.compareTo(policy.interval()) < 0));
            }
            policy.distributionJudges().forEach(check -> obs.verdict(DistributionLook.verdict(def.metrics(), check, control,
                    variables(def, policy.interval()))));
            webhooks.ofType(HookType.ROLLOUT).forEach(hook -> obs.verdict(webhooks.check(hook)));
        }
        for (HookType gate : rec.next().gates()) {
            if (webhooks.gateOpen(gate)) {
                obs.open(gate);
            }
        }
        return new Observed(obs.build(), evidence);
    }

    /**
     * A judge look between two analyses: only {@code due} judges, each on the counts since its last
     * look, their evidence updated in a copy of the stored one (their held looks not counted: only
     * analyses count against a hold limit). The observation holds their verdicts, readiness,
     * commands and hook results, as an analysis would, for the strategy to step on when a judge
     * answers {@code HARMFUL}.
     */
    static Observed judgeLook(RolloutDefinition def, StoredRollout rec, Instant now, List<JudgeCheck> due) {
        Observation.Builder obs = Observation.at(now, def.workload().canaryRevision())
                .readyTracks(def.workload().readyTracks())
                .commands(rec.commands())
                .hookResults(rec.hookResults());
        Track control = rec.state().split().baseline() > 0 ? Track.BASELINE : Track.STABLE;
        Map<String, JudgeEvidence> evidence = new HashMap<>(rec.evidence());
        for (JudgeCheck judge : due) {
            JudgeEvidence before = evidence.getOrDefault(judge.name(), JudgeEvidence.NONE);
            Duration window = sinceLastLook(judge, rec, now, rec.dueAt().minus(rec.next().after()));
            obs.verdict(judge(def, judge, control, window, now, evidence, false));
            JudgeEvidence after = evidence.get(judge.name());
            if (after != null && after != before) {
                evidence.put(judge.name(), new JudgeEvidence(after.evidence(), before.heldLooks(), after.lookedAt()));
            }
        }
        return new Observed(obs.build(), evidence);
    }

    /**
     * The window of a judge's next counts: since its last look when that fell after the interval's
     * {@code start}, else since {@code start} (a judge that looks only at the analyses counts the
     * whole interval, as before judge looks).
     */
    static Duration sinceLastLook(JudgeCheck judge, StoredRollout rec, Instant now, Instant start) {
        JudgeEvidence known = rec.evidence().get(judge.name());
        if (known != null && known.lookedAt().isPresent() && known.lookedAt().get().isAfter(start)
                && known.lookedAt().get().isBefore(now)) {
            return Duration.between(known.lookedAt().get(), now);
        }
        return Duration.between(start, now);
    }

    /**
     * One look of a judge: the canary's and the control's counts over {@code window} added to
     * its evidence (updated in {@code evidence}, looked at {@code now}), and its verdict. Counts that are missing or
     * failed leave the evidence as it was and are a NoData or Error verdict, never a pass; except that at
     * an analysis whose interval the judge {@code countedBefore} in (its own looks), an empty window is
     * no new data, not missing data: the verdict is the judge's on the evidence it has (so a judge
     * looking every 10 s at 0.1 requests/s does not fail analyses the whole interval had data for).
     */
    private static Verdict judge(RolloutDefinition def, JudgeCheck judge, Track control, Duration window, Instant now,
                                 Map<String, JudgeEvidence> evidence, boolean countedBefore) {
        CountQuery query = new CountQuery(judge.name(), judge.counts(), control, window, variables(def, window));
        CountResult result;
        try {
            result = def.metrics().counts(query);
        } catch (RuntimeException e) {
            result = new CountResult.Failed("metric source threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (result instanceof CountResult.Counts counts) {
            JudgeLook look = judge.look(evidence.getOrDefault(judge.name(), JudgeEvidence.NONE), counts.canary(),
                    counts.control());
            evidence.put(judge.name(), look.after().lookedAt(now));
            return look.verdict();
        }
        if (result instanceof CountResult.NoData noData) {
            if (countedBefore) {
                JudgeLook look = judge.look(evidence.getOrDefault(judge.name(), JudgeEvidence.NONE), TrackCounts.NONE,
                        TrackCounts.NONE);
                evidence.put(judge.name(), look.after().lookedAt(now));
                return look.verdict();
            }
            return Verdict.noData(judge.name(), noData.reason());
        }
        return Verdict.error(judge.name(), ((CountResult.Failed) result).reason());
    }

    private static Map<String, String> variables(RolloutDefinition def, Duration window) {
        Map<String, String> variables = new HashMap<>(def.variables());
        variables.put("namespace", def.namespace());
        variables.put("target", def.name());
        variables.put("interval", window.toSeconds() + "s");
        return variables;
    }

    /** The observation for a rollout whose SPIs are not consulted: only what the engine itself knows. */
    static Observation fallback(StoredRollout rec, Instant now) {
        return Observation.at(now, rec.state().revision()).readyTracks(List.of()).commands(rec.commands()).build();
    }

    /** The fallback observation with the engine's intervention: its commands, and the rollback gate open if it forces one. */
    static Observation intervened(StoredRollout rec, Instant now, Intervention intervention) {
        Set<Command> commands = new HashSet<>(rec.commands());
        commands.addAll(intervention.commands());
        Observation.Builder obs = Observation.at(now, rec.state().revision()).readyTracks(List.of()).commands(commands);
        if (intervention.rollback()) {
            obs.open(HookType.ROLLBACK);
        }
        return obs.build();
    }

    private static Verdict measure(RolloutDefinition def, MetricCheck check, Duration interval) {
        Duration window = check.window(interval);
        MetricQuery query = new MetricQuery(check.name(), check.query(), Track.CANARY, window, variables(def, window));
        MetricResult result;
        try {
            result = def.metrics().query(query);
        } catch (RuntimeException e) {
            // The contract says a source never throws; one that does still must not fail a step. An
            // Error (a bug, a sick JVM) says nothing about the canary: it propagates, and the engine retries.
            result = new MetricResult.Failed("metric source threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (result instanceof MetricResult.Value value) {
            return check.thresholdRange().judge(check.name(), value.value());
        }
        if (result instanceof MetricResult.NoData noData) {
            return Verdict.noData(check.name(), noData.reason());
        }
        return Verdict.error(check.name(), ((MetricResult.Failed) result).reason());
    }
}
