package dev.stepwise.git.jgit;

import dev.stepwise.analysis.Verdict;
import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.spi.StepNote;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The commit message of one traffic change: the audit record a person reads with {@code git log}.
 * Deterministic: the same {@link StepNote} and splits give the same text (times come from the
 * engine's clock).
 *
 * <pre>
 * test/podinfo: canary 10% -&gt; 20% (advance)
 *
 * Rollout:  test/podinfo
 * Step:     7
 * Split:    stable 90% / canary 10% -&gt; stable 80% / canary 20%
 * Decision: advance
 * Reason:   analysis passed
 * Decided:  2026-03-01T12:03:00Z
 * Verdicts:
 * - request-success-rate: 99.87 (Pass)
 * - request-duration: 212 (Pass)
 *
 * Stepwise-Rollout: test/podinfo
 * Stepwise-Step: 7
 * Stepwise-Decision: advance
 * Stepwise-Split: stable 80% / canary 20%
 * </pre>
 *
 * <p>The subject names the rollout (the resources only for a change outside any rollout) and the
 * canary's weight before and after (the baseline, mirror and matches too when either split has
 * them) and the decision ({@code route set up or repaired} for the route set up when a rollout is
 * registered, the reason for a change outside a rollout). {@code Step} is the rollout's step index
 * ({@link StepNote#step()}). The trailers are {@value #ROLLOUT} and {@value #STEP} for a rollout's
 * step ({@link StepNote#isStep()}), and always {@value #DECISION} ({@code none} for a change that is
 * not a step) and {@value #SPLIT} (the split after, as {@link TrafficSplit#toString()} writes it).
 * A commit carrying {@value #SPLIT} was written by Stepwise; see {@link #isStepwise(Map)}.
 */
public final class AuditCommitMessage {

    /** Trailer: the rollout's id, {@code namespace/name}. */
    public static final String ROLLOUT = "Stepwise-Rollout";
    /** Trailer: the rollout's step index ({@link StepNote#step()}). */
    public static final String STEP = "Stepwise-Step";
    /** Trailer: the decision's label ({@code advance}, {@code roll back}...; {@code none} outside a rollout). */
    public static final String DECISION = "Stepwise-Decision";
    /** Trailer: the split written. */
    public static final String SPLIT = "Stepwise-Split";

    /** The subject's label for the route set up when the engine registers a rollout. */
    static final String SET_UP = "route set up or repaired";

    private AuditCommitMessage() {
    }

    /** The message of the change {@code why} explains, from split {@code before} to {@code after}, to the resources {@code refs}. */
    public static CommitMessage of(StepNote why, TrafficSplit before, TrafficSplit after, List<ResourceRef> refs) {
        InvalidValueException.requireNonNull("why", why);
        InvalidValueException.requireNonNull("before", before);
        InvalidValueException.requireNonNull("after", after);
        String label = why.isStep() ? why.decision().label() : why.isAttributed() ? SET_UP
                : why.reason().isEmpty() ? "outside a rollout" : why.reason();
        String subject = subjectName(why, refs) + ": " + splits(before, after) + " (" + label + ")";
        return new CommitMessage(subject, body(why, before, after), trailers(why, after));
    }

    /** The message of a write that came without a note ({@code ManifestSink.write(List)}): no split known. */
    public static CommitMessage unexplained(List<ResourceRef> refs) {
        return new CommitMessage(subjectName(null, refs) + ": resources written outside a rollout",
                "Written by Stepwise without a reason given.", Map.of(DECISION, "none"));
    }

    /** Whether trailers (as {@code git log} parses them) mark a commit Stepwise wrote with a split. */
    public static boolean isStepwise(Map<String, String> trailers) {
        return trailers.containsKey(SPLIT);
    }

    /**
     * Whether a Stepwise commit's trailers say a rollout left traffic off the stable track: the
     * route is mid-rollout until a commit writes all traffic back to stable.
     */
    static boolean leftRolloutInProgress(Map<String, String> trailers) {
        return trailers.containsKey(ROLLOUT) && !TrafficSplit.allStable().toString().equals(trailers.get(SPLIT));
    }

    private static String subjectName(@Nullable StepNote why, List<ResourceRef> refs) {
        if (why != null && why.isAttributed()) {
            return why.rollout();
        }
        Set<String> names = new LinkedHashSet<>();
        for (ResourceRef ref : refs) {
            names.add(ref.isClusterScoped() ? ref.name() : ref.namespace() + "/" + ref.name());
        }
        return names.isEmpty() ? "stepwise" : String.join(", ", names);
    }

    /** {@code canary 10% -> 20%}; every part that differs from a plain canary split when one has more. */
    static String splits(TrafficSplit before, TrafficSplit after) {
        boolean plain = isPlain(before) && isPlain(after);
        String from = plain ? "canary " + before.canary() + "%" : brief(before);
        String to = plain ? after.canary() + "%" : brief(after);
        if (before.equals(after)) {
            return (plain ? from : brief(after)) + " kept";
        }
        return from + " -> " + to;
    }

    private static boolean isPlain(TrafficSplit split) {
        return split.baseline() == 0 && split.mirrorPercent() == 0 && split.matches().isEmpty();
    }

    private static String brief(TrafficSplit split) {
        StringBuilder text = new StringBuilder("canary ").append(split.canary()).append('%');
        if (split.baseline() > 0) {
            text.append(", baseline ").append(split.baseline()).append('%');
        }
        if (split.mirrorPercent() > 0) {
            text.append(", mirror ").append(split.mirrorPercent()).append('%');
        }
        if (!split.matches().isEmpty()) {
            text.append(", ").append(split.matches().size()).append(split.matches().size() == 1 ? " match" : " matches");
        }
        return text.toString();
    }

    private static String body(StepNote change, TrafficSplit before, TrafficSplit after) {
        StringBuilder body = new StringBuilder();
        if (change.isAttributed()) {
            body.append("Rollout:  ").append(change.rollout()).append('\n');
        }
        if (change.isStep()) {
            body.append("Step:     ").append(change.step()).append('\n');
        }
        body.append("Split:    ").append(oneLine(before.toString())).append(" -> ")
                .append(oneLine(after.toString())).append('\n');
        body.append("Decision: ").append(change.decision().label()).append('\n');
        if (change.overridesConflict()) {
            body.append("Override: written over a change made outside Stepwise, on an operator's command\n");
        }
        if (!change.reason().isBlank()) {
            body.append("Reason:   ").append(oneLine(change.reason())).append('\n');
        }
        body.append("Decided:  ").append(change.decidedAt()).append('\n');
        if (!change.verdicts().isEmpty()) {
            body.append("Verdicts:\n");
            change.verdicts().forEach(verdict -> body.append("- ").append(verdict(verdict)).append('\n'));
        }
        return body.toString();
    }

    /** {@code request-success-rate: 97.2 (Fail: 97.2 < min 99.0)}; {@code no value} when none was observed. */
    static String verdict(Verdict verdict) {
        String value = verdict.hasObservedValue() ? number(verdict.observed()) : "no value";
        String result = verdict.status() + (verdict.reason().isBlank() ? "" : ": " + oneLine(verdict.reason()));
        return verdict.metric() + ": " + value + " (" + result + ")";
    }

    /** At most two decimals, no trailing zeros, never an exponent: {@code 99.87}, {@code 212}. */
    static String number(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "+inf" : "-inf";
        }
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static Map<String, String> trailers(StepNote change, TrafficSplit after) {
        Map<String, String> trailers = new LinkedHashMap<>();
        if (change.isStep()) {
            trailers.put(ROLLOUT, change.rollout());
            trailers.put(STEP, Long.toString(change.step()));
        }
        trailers.put(DECISION, change.decision().label());
        trailers.put(SPLIT, oneLine(after.toString()));
        return trailers;
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
