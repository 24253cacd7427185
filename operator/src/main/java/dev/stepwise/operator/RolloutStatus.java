package dev.stepwise.operator;

import java.util.List;
import java.util.Objects;

/**
 * The {@code status} of a {@code Rollout} resource: the engine's stored record, projected for
 * {@code kubectl get} and for tools that wait on conditions. The controller writes it with
 * optimistic concurrency (the resource's {@code resourceVersion}); nothing else should. The JSON
 * field names are the record's component names.
 *
 * @param observedGeneration the {@code metadata.generation} of the spec this status describes
 * @param phase              the rollout's phase label ({@code Initializing}, {@code Progressing},
 *                           {@code Paused}, {@code AwaitingPromotion}, {@code Promoting},
 *                           {@code Succeeded}, {@code RolledBack}, {@code Aborted}), or
 *                           {@code Invalid} when the spec was refused (see {@code conditions})
 * @param canaryWeight       the share of traffic on the canary, 0 to 100
 * @param step               the current step, counted from 1; 0 before the first step
 * @param revision           the target revision being rolled out; empty before the first look
 * @param message            what happened last, in a sentence (the last event's message)
 * @param conditions         {@code Ready}, {@code Progressing} and {@code Invalid}, Kubernetes style
 * @param lastVerdicts       the verdicts of the last analysis, one per check or judge
 */
public record RolloutStatus(long observedGeneration, String phase, int canaryWeight, int step, String revision,
                            String message, List<Condition> conditions, List<VerdictStatus> lastVerdicts) {

    /** The phase written when the spec was refused; not an engine phase. */
    public static final String INVALID = "Invalid";

    public RolloutStatus {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(message, "message");
        conditions = List.copyOf(conditions);
        lastVerdicts = List.copyOf(lastVerdicts);
    }

    /**
     * One condition, as Kubernetes conditions are.
     *
     * @param type               {@code Ready}, {@code Progressing} or {@code Invalid}
     * @param status             {@code True}, {@code False} or {@code Unknown}
     * @param reason             a CamelCase reason, e.g. {@code AnalysisFailed}
     * @param message            the sentence behind it
     * @param lastTransitionTime when {@code status} last changed, RFC 3339
     */
    public record Condition(String type, String status, String reason, String message, String lastTransitionTime) {
        public Condition {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(lastTransitionTime, "lastTransitionTime");
        }
    }

    /**
     * One verdict of the last analysis.
     *
     * @param metric   the check's or judge's name
     * @param status   {@code Pass}, {@code Fail}, {@code NoData}, {@code Error} or {@code Hold}
     * @param observed the value observed (NaN written as absent is not allowed in JSON: the
     *                 controller writes 0 and says so in {@code reason})
     * @param reason   why, in a sentence; empty for a plain pass
     */
    public record VerdictStatus(String metric, String status, double observed, String reason) {
        public VerdictStatus {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
