package dev.stepwise.micrometer;

import dev.stepwise.analysis.JudgeCheck;
import dev.stepwise.analysis.JudgeEvidence;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.engine.RolloutListener;
import dev.stepwise.micrometer.internal.ErrorKind;
import dev.stepwise.micrometer.internal.RolloutMeters;
import dev.stepwise.rollout.Transition;
import dev.stepwise.spi.StateStore;
import dev.stepwise.validation.InvalidValueException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The engine's own metrics on a Micrometer {@link MeterRegistry}: add it to the engine with
 * {@code RolloutEngine.builder().listener(metrics)}. Meter names start with the prefix (default
 * {@code stepwise}); every meter carries the common tags and, unless {@link Builder#rolloutTags
 * rolloutTags(false)}, the rollout's {@code namespace} and {@code name}.
 *
 * <p>Per rollout, gauges: {@code .rollout.phase} (one gauge per rollout, tagged {@code phase} with
 * the current phase, always 1; it is re-registered when the phase changes),
 * {@code .rollout.canary.weight} (the canary's weight the engine last stepped to or verified), and,
 * per statistical judge (tag {@code judge}): {@code .judge.llr} (the log likelihood ratio, the
 * verdict's observed value), {@code .judge.bound} (tag {@code bound=harmful|harmless}, needs
 * {@link Builder#definitions}) and {@code .judge.requests} (tag {@code track=canary|control}, the
 * summed counts, needs {@link Builder#evidence}). Counters: {@code .analyses} (tags {@code metric},
 * {@code result} = pass, fail, hold, nodata, error), {@code .decisions} (tag {@code decision}),
 * {@code .spi.errors} (tag {@code kind}, a fixed set: unverified, stale-state, timeout, io,
 * kubernetes, invalid, jvm, other from a {@code Failed} event's error type; conflict; stuck),
 * {@code .not.leader}, {@code .rollouts.ended} (tag {@code phase}). A timer {@code .step.duration}:
 * the time between successive steps of one rollout.
 *
 * <p>When a rollout ends, its gauges are removed at once (a long-running engine keeps no gauge of a
 * finished rollout; {@code .rollouts.ended} keeps the outcome); a new revision registers them again.
 * Counters and the timer stay: with rollout tags, their series are bounded by the number of distinct
 * rollouts (namespace and name, not revision); drop the tags where that is too many. Error messages
 * are never tag values.
 *
 * <p>Thread-safe: rollouts are reconciled on several threads, each rollout's events on one at a time.
 */
public final class StepwiseMetrics implements RolloutListener {

    private final MeterRegistry registry;
    private final String prefix;
    private final Tags common;
    private final boolean rolloutTags;
    private final @Nullable StateStore evidence;
    private final @Nullable Function<String, Optional<RolloutDefinition>> definitions;
    private final Map<String, RolloutMeters> rollouts = new ConcurrentHashMap<>();

    private StepwiseMetrics(Builder b, MeterRegistry registry) {
        this.registry = registry;
        this.prefix = b.prefix;
        this.common = b.tags;
        this.rolloutTags = b.rolloutTags;
        this.evidence = b.evidence;
        this.definitions = b.definitions;
    }

    /** A builder; the registry is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void onEvent(RolloutEvent event) {
        Tags tags = tags(event.id());
        if (event instanceof RolloutEvent.Stepped stepped) {
            stepped(stepped, tags);
        } else if (event instanceof RolloutEvent.Verified verified) {
            meters(event.id()).set("rollout.canary.weight", Tags.empty(), verified.split().canary());
        } else if (event instanceof RolloutEvent.Failed failed) {
            error(ErrorKind.of(failed.error()), tags);
        } else if (event instanceof RolloutEvent.Stuck) {
            error(ErrorKind.STUCK, tags);
        } else if (event instanceof RolloutEvent.Conflicted) {
            error(ErrorKind.CONFLICT, tags);
        } else if (event instanceof RolloutEvent.NotLeader) {
            registry.counter(prefix + ".not.leader", tags).increment();
        } else if (event instanceof RolloutEvent.Ended ended) {
            registry.counter(prefix + ".rollouts.ended", tags.and("phase", ended.phase().label())).increment();
            RolloutMeters gone = rollouts.remove(event.id());
            if (gone != null) {
                gone.close();
            }
        }
    }

    private void stepped(RolloutEvent.Stepped stepped, Tags tags) {
        Transition t = stepped.transition();
        RolloutMeters meters = meters(stepped.id());
        meters.stepped(stepped.at()).ifPresent(d -> registry.timer(prefix + ".step.duration", tags).record(d));
        meters.phase(t.state().phase());
        meters.set("rollout.canary.weight", Tags.empty(), t.state().split().canary());
        registry.counter(prefix + ".decisions", tags.and("decision", t.decision().label())).increment();
        for (Verdict v : stepped.verdicts()) {
            registry.counter(prefix + ".analyses", tags.and("metric", v.metric(), "result", result(v))).increment();
        }
        judges(stepped, meters);
    }

    /** The judges' gauges: the statistic from the verdicts, bounds from the definition, counts from the record written ahead. */
    private void judges(RolloutEvent.Stepped stepped, RolloutMeters meters) {
        Map<String, JudgeCheck> checks = new HashMap<>();
        if (definitions != null) {
            definitions.apply(stepped.id()).ifPresent(def -> def.strategy().analysisAt(stepped.transition().state())
                    .judges().forEach(j -> checks.put(j.name(), j)));
        }
        Map<String, JudgeEvidence> kept = evidence == null ? Map.of()
                : evidence.load(stepped.id()).map(rec -> rec.evidence()).orElse(Map.of());
        for (Verdict v : stepped.verdicts()) {
            JudgeCheck check = checks.get(v.metric());
            JudgeEvidence judged = kept.get(v.metric());
            if (check == null && judged == null) {
                continue;
            }
            Tags judge = Tags.of("judge", v.metric());
            if (v.hasObservedValue()) {
                meters.set("judge.llr", judge, v.observed());
            }
            if (check != null) {
                meters.set("judge.bound", judge.and("bound", "harmful"), check.effectiveJudge().harmfulBound());
                meters.set("judge.bound", judge.and("bound", "harmless"), check.effectiveJudge().harmlessBound());
            }
            if (judged != null) {
                meters.set("judge.requests", judge.and("track", "canary"), judged.evidence().canary().requests());
                meters.set("judge.requests", judge.and("track", "control"), judged.evidence().control().requests());
            }
        }
    }

    private void error(ErrorKind kind, Tags tags) {
        registry.counter(prefix + ".spi.errors", tags.and("kind", kind.tag())).increment();
    }

    private RolloutMeters meters(String id) {
        return rollouts.computeIfAbsent(id, i -> new RolloutMeters(registry, prefix, tags(i)));
    }

    private Tags tags(String id) {
        if (!rolloutTags) {
            return common;
        }
        int slash = id.indexOf('/');
        return slash < 0 ? common.and("namespace", "", "name", id)
                : common.and("namespace", id.substring(0, slash), "name", id.substring(slash + 1));
    }

    private static String result(Verdict v) {
        return v.status().label().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "StepwiseMetrics[" + prefix + ", tags " + common + (rolloutTags ? ", per rollout" : "")
                + ", " + rollouts.size() + " rollouts live]";
    }

    /** Builds {@link StepwiseMetrics}; every setting but the registry has a default. */
    public static final class Builder {

        private @Nullable MeterRegistry registry;
        private String prefix = "stepwise";
        private Tags tags = Tags.empty();
        private boolean rolloutTags = true;
        private @Nullable StateStore evidence;
        private @Nullable Function<String, Optional<RolloutDefinition>> definitions;

        private Builder() {
        }

        /** Where the meters are registered; required. */
        public Builder registry(MeterRegistry registry) {
            this.registry = InvalidValueException.requireNonNull("registry", registry);
            return this;
        }

        /** The first part of every meter name, without a trailing dot; default {@code stepwise}. */
        public Builder prefix(String prefix) {
            InvalidValueException.requireNonNull("prefix", prefix);
            if (prefix.isBlank() || prefix.startsWith(".") || prefix.endsWith(".")) {
                throw new InvalidValueException("prefix", prefix, "must be a non-empty name not starting or ending with '.'");
            }
            this.prefix = prefix;
            return this;
        }

        /** Tags every meter carries, e.g. {@code cluster=eu-1}; default none. */
        public Builder tags(Iterable<Tag> tags) {
            this.tags = this.tags.and(InvalidValueException.requireNonNull("tags", tags));
            return this;
        }

        /** One tag every meter carries. */
        public Builder tag(String key, String value) {
            return tags(Tags.of(InvalidValueException.requireNonNull("key", key), InvalidValueException.requireNonNull("value", value)));
        }

        /**
         * Whether meters carry the rollout's {@code namespace} and {@code name}; default true. Without
         * them every rollout adds to the same series (and the per-rollout gauges of rollouts running
         * at once overwrite each other: keep them for more than one rollout).
         */
        public Builder rolloutTags(boolean rolloutTags) {
            this.rolloutTags = rolloutTags;
            return this;
        }

        /**
         * The engine's state store, read right after each step that judged to publish the judges'
         * summed canary and control request counts; default none (no {@code .judge.requests}).
         */
        public Builder evidence(StateStore store) {
            this.evidence = InvalidValueException.requireNonNull("store", store);
            return this;
        }

        /**
         * The registered definitions by rollout id, to publish each judge's bounds; default none
         * (no {@code .judge.bound}).
         */
        public Builder definitions(Function<String, Optional<RolloutDefinition>> definitions) {
            this.definitions = InvalidValueException.requireNonNull("definitions", definitions);
            return this;
        }

        /** The metrics; the registry must have been set. */
        public StepwiseMetrics build() {
            return new StepwiseMetrics(this, InvalidValueException.requireNonNull("registry", registry));
        }
    }
}
