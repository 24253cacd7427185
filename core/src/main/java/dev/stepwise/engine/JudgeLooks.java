package dev.stepwise.engine;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.JudgeCheck;
import dev.stepwise.analysis.JudgeEvidence;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StoredRollout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The judges' own looks between two analyses. While a committed, verified rollout waits for an
 * analysis, each judge looks every {@link JudgeCheck#lookInterval} from the start of the interval
 * (or its last look): only the judges, on the counts since their last look. A {@code HARMFUL}
 * answer (a critical verdict) is stepped on at once by the one path every step takes
 * ({@link WriteAhead}, then {@link Applier}): the strategy rolls back with the same verdict, note
 * and event as at an analysis. Any other answer only adds evidence, stored with the rollout (one
 * state write per look that counted something; a look without counts writes nothing and the
 * next one counts from the same instant): no step, no traffic change, no analysis counted, and
 * the analysis keeps its cadence.
 */
final class JudgeLooks {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutEngine.class);

    private final StateStore store;
    private final WriteAhead writeAhead;
    private final Applier applier;

    JudgeLooks(StateStore store, WriteAhead writeAhead, Applier applier) {
        this.store = store;
        this.writeAhead = writeAhead;
        this.applier = applier;
    }

    /**
     * Takes the judge looks due at {@code now} for {@code rec} (committed, verified, its analysis
     * not due yet) and returns how long until the next look, a judge's or the analysis.
     */
    Duration between(RolloutDefinition def, StoredRollout rec, Instant now) {
        AnalysisPolicy policy = def.strategy().analysisAt(rec.state());
        if (!rec.next().analysis() || policy.judges().isEmpty() || rec.state().phase().isTerminal()) {
            return Duration.between(now, rec.dueAt());
        }
        Instant start = rec.dueAt().minus(rec.next().after());
        List<JudgeCheck> due = new ArrayList<>();
        for (JudgeCheck judge : policy.judges()) {
            if (!lastLook(judge, rec, start).plus(judge.lookInterval(rec.next().after())).isAfter(now)) {
                due.add(judge);
            }
        }
        StoredRollout current = rec;
        if (!due.isEmpty()) {
            Observer.Observed looked = Observer.judgeLook(def, rec, now, due);
            if (looked.observation().verdicts().stream().anyMatch(Verdict::critical)) {
                WriteAhead.Decided decided = writeAhead.decide(def, rec, looked.observation(), looked.evidence(), Set.of(), false);
                if (decided.ahead().isPresent()) {
                    StoredRollout committed = applier.takeAndCommit(def, writeAhead, decided, now);
                    Duration until = Duration.between(now, committed.dueAt());
                    return committed.state().phase().isTerminal() ? def.strategy().analysis().interval()
                            : until.isNegative() ? Duration.ZERO : until;
                }
            }
            if (!looked.evidence().equals(rec.evidence())) {
                current = store.save(rec.withEvidence(looked.evidence()), rec.version());
                LOG.debug("{}: judge look at {}: {}", rec.id(), now, looked.observation().verdicts());
            }
        }
        return untilNext(def, current, now);
    }

    /**
     * How long from {@code now} until the next look at {@code rec}: its analysis, or a judge's
     * look before it when the analysis is asked for and the judges look more often.
     */
    Duration untilNext(RolloutDefinition def, StoredRollout rec, Instant now) {
        Instant next = rec.dueAt();
        AnalysisPolicy policy = def.strategy().analysisAt(rec.state());
        if (rec.next().analysis() && !rec.state().phase().isTerminal()) {
            Instant start = rec.dueAt().minus(rec.next().after());
            for (JudgeCheck judge : policy.judges()) {
                Duration every = judge.lookInterval(rec.next().after());
                Instant look = lastLook(judge, rec, start).plus(every);
                while (!look.isAfter(now)) {
                    look = look.plus(every);
                }
                if (look.isBefore(next)) {
                    next = look;
                }
            }
        }
        Duration until = Duration.between(now, next);
        return until.isNegative() ? Duration.ZERO : until;
    }

    /** When the judge last counted in this interval: its last look, or the interval's start. */
    private static Instant lastLook(JudgeCheck judge, StoredRollout rec, Instant start) {
        JudgeEvidence known = rec.evidence().get(judge.name());
        if (known == null || known.lookedAt().isEmpty() || known.lookedAt().get().isBefore(start)) {
            return start;
        }
        return known.lookedAt().get();
    }
}
