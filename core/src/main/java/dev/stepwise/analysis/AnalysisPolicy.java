package dev.stepwise.analysis;

import dev.stepwise.rollout.HookType;
import dev.stepwise.time.Durations;
import dev.stepwise.validation.Problems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a rollout is judged, Flagger's {@code analysis} block minus the strategy fields.
 *
 * @param interval  time between two steps, and the window of each analysis, {@link #MIN_INTERVAL 10ms}
 *                  to {@link #MAX_INTERVAL 24h}; default 1 minute
 * @param threshold failed analyses after which the rollout rolls back, 1..1000; default
 *                  {@value #DEFAULT_THRESHOLD}. As in Flagger, failures count over the whole
 *                  rollout of a revision, not only consecutive ones
 * @param noData    what an interval without data means; default {@link NoDataPolicy#ofDefaults()}
 * @param metrics   metric checks, names unique
 * @param webhooks  webhooks, names unique
 * @param judges    statistical judges of the canary against the control, names unique among
 *                  metrics and judges (each gives a verdict of that name); default none. Their
 *                  alpha is shared (Bonferroni): with {@code k} judges each runs at its declared
 *                  alpha divided by {@code k} ({@link JudgeCheck#sharedBy}), so the rollout rolls a
 *                  good canary back with probability at most the judges' mean declared alpha
 * @param distributionJudges Kayenta-style judges of samples ({@code type: mann-whitney}); default
 *                  none. Names unique among metrics and all judges; in problems they are numbered after
 *                  the sequential judges ({@code judges[k]}, {@code k} from {@code judges.size()}). They
 *                  do not share alpha: each classifies one window at its own confidence
 */
public record AnalysisPolicy(Duration interval, int threshold, NoDataPolicy noData,
                             List<MetricCheck> metrics, List<Webhook> webhooks, List<JudgeCheck> judges,
                             List<MannWhitneyCheck> distributionJudges) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    /** Flagger's default: roll back at the first failed analysis. */
    public static final int DEFAULT_THRESHOLD = 1;
    public static final int MAX_THRESHOLD = 1000;
    /** The shortest interval: 10 ms, for engines on a real clock in tests; a person writes seconds or more. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(10);
    /** The longest interval: 24 hours; a rollout step that waits longer is a release plan, not an analysis. */
    public static final Duration MAX_INTERVAL = Duration.ofHours(24);

    public AnalysisPolicy {
        Problems problems = new Problems();
        problems.checkBetween("interval", interval, MIN_INTERVAL, MAX_INTERVAL);
        problems.checkBetween("threshold", threshold, 1, MAX_THRESHOLD);
        if (noData == null) {
            problems.add("noData", "is required");
        }
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
        judges = judges == null ? List.of() : shareAlpha(judges);
        distributionJudges = distributionJudges == null ? List.of() : List.copyOf(distributionJudges);
        checkUnique(problems, "metrics", metrics.stream().map(MetricCheck::name).collect(Collectors.toList()));
        checkUnique(problems, "webhooks", webhooks.stream().map(Webhook::name).collect(Collectors.toList()));
        // sequential judges first, then distribution judges, as a spec written back lists them
        List<String> judgeNames = new ArrayList<>();
        judges.forEach(j -> judgeNames.add(j.name()));
        distributionJudges.forEach(j -> judgeNames.add(j.name()));
        checkUnique(problems, "judges", judgeNames);
        Set<String> metricNames = metrics.stream().map(MetricCheck::name).collect(Collectors.toSet());
        for (int i = 0; i < judges.size(); i++) {
            Optional<Duration> every = judges.get(i).interval();
            if (interval != null && every.isPresent() && every.get().compareTo(interval) > 0) {
                problems.add("judges[" + i + "].interval", Durations.format(every.get()) + " must be between "
                        + JudgeCheck.MIN_INTERVAL_SECONDS + "s and the analysis interval (" + Durations.format(interval) + ")");
            }
        }
        for (int i = 0; i < judgeNames.size(); i++) {
            if (metricNames.contains(judgeNames.get(i))) {
                problems.add("judges[" + i + "].name", "\"" + judgeNames.get(i)
                        + "\" is a metric's name; a judge's verdict needs a name of its own");
            }
        }
        problems.throwIfAny("analysis");
    }

    /** Each judge with its alpha shared by all of them; an empty list stays empty. */
    private static List<JudgeCheck> shareAlpha(List<JudgeCheck> judges) {
        return judges.stream().map(j -> j.sharedBy(judges.size())).collect(Collectors.toUnmodifiableList());
    }

    /** A policy without distribution judges. */
    public AnalysisPolicy(Duration interval, int threshold, NoDataPolicy noData, List<MetricCheck> metrics,
                          List<Webhook> webhooks, List<JudgeCheck> judges) {
        this(interval, threshold, noData, metrics, webhooks, judges, List.of());
    }

    /** A policy without judges. */
    public AnalysisPolicy(Duration interval, int threshold, NoDataPolicy noData, List<MetricCheck> metrics,
                          List<Webhook> webhooks) {
        this(interval, threshold, noData, metrics, webhooks, List.of());
    }

    private static void checkUnique(Problems problems, String path, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (!seen.add(names.get(i))) {
                problems.add(path + "[" + i + "].name", "\"" + names.get(i) + "\" is used by an earlier entry; names must be unique");
            }
        }
    }

    /** One-minute interval, threshold 1, default no-data policy, no metrics, no webhooks, no judges. */
    public static AnalysisPolicy ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The names of every check that must yield a verdict at each analysis: metrics, judges and rollout webhooks. */
    public List<String> expectedVerdicts() {
        List<String> names = new ArrayList<>();
        metrics.forEach(m -> names.add(m.name()));
        judges.forEach(j -> names.add(j.name()));
        distributionJudges.forEach(j -> names.add(j.name()));
        webhooks.stream().filter(w -> w.type() == HookType.ROLLOUT).forEach(w -> names.add(w.name()));
        return names;
    }

    /** The hook types configured by at least one webhook. */
    public Set<HookType> hookTypes() {
        Set<HookType> types = EnumSet.noneOf(HookType.class);
        webhooks.forEach(w -> types.add(w.type()));
        return types;
    }

    /** Whether at least one webhook of this type is configured. */
    public boolean has(HookType type) {
        return webhooks.stream().anyMatch(w -> w.type() == type);
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private Duration interval = DEFAULT_INTERVAL;
        private int threshold = DEFAULT_THRESHOLD;
        private NoDataPolicy noData = NoDataPolicy.ofDefaults();
        private final List<MetricCheck> metrics = new ArrayList<>();
        private final List<Webhook> webhooks = new ArrayList<>();
        private final List<JudgeCheck> judges = new ArrayList<>();
        private final List<MannWhitneyCheck> distributionJudges = new ArrayList<>();

        private Builder() {
        }

        /** Time between two steps and window of each analysis, 10ms..24h; default 1 minute. */
        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        /** Failed analyses after which the rollout rolls back, 1..1000; default 1. */
        public Builder threshold(int threshold) {
            this.threshold = threshold;
            return this;
        }

        public Builder noData(NoDataPolicy noData) {
            this.noData = noData;
            return this;
        }

        public Builder metric(MetricCheck metric) {
            this.metrics.add(metric);
            return this;
        }

        public Builder metrics(List<MetricCheck> metrics) {
            this.metrics.clear();
            this.metrics.addAll(metrics);
            return this;
        }

        public Builder webhook(Webhook webhook) {
            this.webhooks.add(webhook);
            return this;
        }

        public Builder webhooks(List<Webhook> webhooks) {
            this.webhooks.clear();
            this.webhooks.addAll(webhooks);
            return this;
        }

        /** Adds a statistical judge; default none. */
        public Builder judge(JudgeCheck judge) {
            this.judges.add(judge);
            return this;
        }

        public Builder judges(List<JudgeCheck> judges) {
            this.judges.clear();
            this.judges.addAll(judges);
            return this;
        }

        /** Adds a Kayenta-style judge of samples; default none. */
        public Builder distributionJudge(MannWhitneyCheck judge) {
            this.distributionJudges.add(judge);
            return this;
        }

        public Builder distributionJudges(List<MannWhitneyCheck> judges) {
            this.distributionJudges.clear();
            this.distributionJudges.addAll(judges);
            return this;
        }

        /** @throws dev.stepwise.validation.InvalidConfigException listing every problem */
        public AnalysisPolicy build() {
            return new AnalysisPolicy(interval, threshold, noData, metrics, webhooks, judges, distributionJudges);
        }
    }
}
