package dev.stepwise.testkit;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.JudgeCheck;
import dev.stepwise.analysis.JudgeEvidence;
import dev.stepwise.analysis.JudgeLook;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.analysis.Webhook;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.HookResult;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.NextLook;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs a {@link Strategy} to the end on virtual time against a {@link SimulatedService}: the
 * engine's loop without a cluster, for unit tests and demos.
 *
 * <p>Each step: observe, {@link Strategy#step step}, apply the actions to an in-memory router
 * (the split in force), record a {@link Step}, tell the listeners, then advance the clock by the
 * transition's {@link NextLook#after()}. The observation holds
 * <ul>
 *   <li>verdicts only when the previous transition asked for an analysis: the policy's metric
 *       checks judged by {@link SimulatedMetrics} on the traffic served since the previous step at
 *       the split in force (custom-query checks on the values {@link Builder#customMetric} supplies),
 *       plus one verdict per judge, on the canary's and the control track's counts in the same traffic
 *       (the baseline when the split routes one, else stable), its evidence kept over the run as the
 *       engine keeps it (started over at a restart), plus one verdict per rollout-check webhook
 *       ({@link Builder#checkWebhooks});</li>
 *   <li>every track ready, no operator command;</li>
 *   <li>as open gates, those the previous transition asked for that {@link Builder#openGates} lets
 *       open (by default all but the rollback trigger); the first step asks every gate the
 *       policy configures;</li>
 *   <li>one result per webhook the previous transition called ({@link Builder#hookResults}; by
 *       default each succeeds).</li>
 * </ul>
 * The run ends at a terminal phase, or fails after {@link Builder#maxSteps} steps. With a seeded
 * service it is deterministic. A simulation is not thread-safe; each {@link #run()} starts a new
 * rollout at the clock's current instant.
 */
public final class RolloutSimulation {

    public static final int DEFAULT_MAX_STEPS = 1000;
    public static final String DEFAULT_REVISION = "v2";
    /** Where a simulation's own clock starts when none is given: the epoch. */
    public static final Instant DEFAULT_START = Instant.EPOCH;

    private final Strategy strategy;
    private final SimulatedService service;
    private final SimulatedMetrics metrics;
    private final VirtualClock clock;
    private final String revision;
    private final int maxSteps;
    private final Predicate<HookType> openGates;
    private final Function<HookType, HookResult> hookResults;
    private final Function<Webhook, Verdict> checkWebhooks;
    private final List<Consumer<Step>> listeners;

    private RolloutSimulation(Builder b) {
        this.strategy = b.strategy;
        this.service = b.service;
        this.metrics = SimulatedMetrics.of(b.service).withCustomMetrics(b.customMetrics);
        this.clock = b.clock;
        this.revision = b.revision;
        this.maxSteps = b.maxSteps;
        this.openGates = b.openGates;
        this.hookResults = b.hookResults;
        this.checkWebhooks = b.checkWebhooks;
        this.listeners = List.copyOf(b.listeners);
    }

    /** A builder for running {@code strategy}; the service defaults to {@link SimulatedService#ofDefaults()}. */
    public static Builder builder(Strategy strategy) {
        return new Builder(strategy);
    }

    /** Runs {@code strategy} against {@code service} with every other default. */
    public static SimulationResult run(Strategy strategy, SimulatedService service) {
        return builder(strategy).service(service).build().run();
    }

    /** The clock the simulation advances. */
    public VirtualClock clock() {
        return clock;
    }

    /** The service the simulation sends traffic to. */
    public SimulatedService service() {
        return service;
    }

    /**
     * Runs a rollout of the revision from the strategy's initial state to a terminal phase.
     *
     * @throws IllegalStateException if the rollout did not finish within the maximum number of steps
     */
    public SimulationResult run() {
        Instant start = clock.instant();
        RolloutState state = strategy.initialState(revision, start);
        TrafficSplit inForce = state.split();
        NextLook asked = new NextLook(Duration.ZERO, false, configuredGates());
        List<HookType> called = List.of();
        List<Step> steps = new ArrayList<>();
        Map<String, JudgeEvidence> evidence = new HashMap<>();
        for (int index = 1; index <= maxSteps; index++) {
            Optional<TrafficWindow> served = asked.analysis()
                    ? Optional.of(service.observe(inForce, asked.after())) : Optional.empty();
            AnalysisPolicy policy = strategy.analysisAt(state);
            Observation observation = observe(policy, served, called, asked, inForce, evidence);
            Transition transition = strategy.step(state, observation);
            if (transition.decision() == Decision.RESTART) {
                evidence.clear();
            }
            TrafficSplit before = inForce;
            List<HookType> calling = new ArrayList<>();
            for (Action action : transition.actions()) {
                if (action instanceof Action.SetTraffic setTraffic) {
                    inForce = setTraffic.split();
                } else if (action instanceof Action.CallWebhook callWebhook) {
                    calling.add(callWebhook.type());
                }
            }
            Step step = new Step(index, Duration.between(start, observation.now()), transition.state(), before, inForce,
                    transition.analysis(), observation.verdicts(),
                    served.map(window -> SimulatedMetrics.stableValues(policy.metrics(), window))
                            .orElse(Map.of()),
                    transition.decision(), transition.reason(), transition.actions());
            steps.add(step);
            listeners.forEach(listener -> listener.accept(step));
            state = transition.state();
            if (transition.isTerminal()) {
                return new SimulationResult(state, steps);
            }
            asked = transition.next();
            called = calling;
            clock.advance(asked.after());
        }
        throw new IllegalStateException("the rollout of " + revision + " did not finish within " + maxSteps
                + " steps; last: " + steps.get(steps.size() - 1));
    }

    /**
     * What the strategy sees: the verdicts of {@code policy} (the strategy's checks and judges at
     * its state) on {@code served} (present when it asked for an analysis), gates, hook results.
     */
    private Observation observe(AnalysisPolicy policy, Optional<TrafficWindow> served, List<HookType> called,
                                NextLook asked, TrafficSplit inForce, Map<String, JudgeEvidence> evidence) {
        Observation.Builder observation = Observation.at(clock.instant(), revision);
        if (served.isPresent()) {
            observation.verdicts(metrics.verdicts(policy, served.get()));
            TrackStats control = served.get().track(inForce.baseline() > 0 ? Track.BASELINE : Track.STABLE);
            for (JudgeCheck judge : policy.judges()) {
                JudgeLook look = judge.look(evidence.getOrDefault(judge.name(), JudgeEvidence.NONE),
                        SimulatedMetricSource.bad(served.get().canary(), judge.counts()),
                        SimulatedMetricSource.bad(control, judge.counts()));
                evidence.put(judge.name(), look.after());
                observation.verdict(look.verdict());
            }
            policy.webhooks().stream()
                    .filter(w -> w.type() == HookType.ROLLOUT)
                    .forEach(w -> observation.verdict(checkWebhooks.apply(w)));
        }
        asked.gates().stream().filter(openGates).forEach(observation::open);
        called.forEach(type -> observation.hookResult(hookResults.apply(type)));
        return observation.build();
    }

    private Set<HookType> configuredGates() {
        Set<HookType> gates = EnumSet.noneOf(HookType.class);
        for (HookType type : strategy.analysis().hookTypes()) {
            if (type.kind() == HookType.Kind.GATE || type.kind() == HookType.Kind.TRIGGER) {
                gates.add(type);
            }
        }
        return gates;
    }

    /** Builds a {@link RolloutSimulation}; every setting has a default. */
    public static final class Builder {
        private final Strategy strategy;
        private SimulatedService service = SimulatedService.ofDefaults();
        private VirtualClock clock = new VirtualClock(DEFAULT_START);
        private String revision = DEFAULT_REVISION;
        private int maxSteps = DEFAULT_MAX_STEPS;
        private Predicate<HookType> openGates = gate -> gate != HookType.ROLLBACK;
        private Function<HookType, HookResult> hookResults = HookResult::succeeded;
        private Function<Webhook, Verdict> checkWebhooks = webhook -> Verdict.pass(webhook.name(), Double.NaN);
        private final Map<String, DoubleSupplier> customMetrics = new LinkedHashMap<>();
        private final List<Consumer<Step>> listeners = new ArrayList<>();

        private Builder(Strategy strategy) {
            this.strategy = InvalidValueException.requireNonNull("strategy", strategy);
        }

        /** The service traffic is sent to; default {@link SimulatedService#ofDefaults()}. */
        public Builder service(SimulatedService service) {
            this.service = InvalidValueException.requireNonNull("service", service);
            return this;
        }

        /** The clock to advance; default a new one at {@link #DEFAULT_START}. */
        public Builder clock(VirtualClock clock) {
            this.clock = InvalidValueException.requireNonNull("clock", clock);
            return this;
        }

        /** The revision rolled out; default {@value #DEFAULT_REVISION}. */
        public Builder revision(String revision) {
            if (revision == null || revision.isBlank()) {
                throw new InvalidValueException("revision", revision == null ? "null" : "\"" + revision + "\"", "must be non-empty");
            }
            this.revision = revision;
            return this;
        }

        /** Steps after which an unfinished run fails, at least 1; default {@value #DEFAULT_MAX_STEPS}. */
        public Builder maxSteps(int maxSteps) {
            this.maxSteps = InvalidValueException.requireAtLeast("maxSteps", maxSteps, 1);
            return this;
        }

        /**
         * Which asked-for gates and triggers answer with success; default every one but
         * {@link HookType#ROLLBACK}. The predicate is asked at every step, so it may change its
         * answer over time.
         */
        public Builder openGates(Predicate<HookType> openGates) {
            this.openGates = InvalidValueException.requireNonNull("openGates", openGates);
            return this;
        }

        /** The result of each called action webhook; default {@link HookResult#succeeded}. */
        public Builder hookResults(Function<HookType, HookResult> hookResults) {
            this.hookResults = InvalidValueException.requireNonNull("hookResults", hookResults);
            return this;
        }

        /** The verdict of each rollout-check webhook at an analysis; default a pass without a value. */
        public Builder checkWebhooks(Function<Webhook, Verdict> checkWebhooks) {
            this.checkWebhooks = InvalidValueException.requireNonNull("checkWebhooks", checkWebhooks);
            return this;
        }

        /**
         * The value of the custom-query check {@code name}, judged by its threshold range at every
         * analysis ({@code NaN} is no data). {@code value} is read at each analysis, so it may
         * change its answer over time (a listener may change it, say). A custom check without a
         * value gets an error verdict ({@value SimulatedMetrics#BUILT_IN_ONLY}), as by default.
         * Setting a name again replaces its value. See {@link SimulatedMetrics#withCustomMetrics}.
         */
        public Builder customMetric(String name, DoubleSupplier value) {
            customMetrics.put(SimulatedMetrics.requireMetricName(name), InvalidValueException.requireNonNull("value", value));
            return this;
        }

        /** Adds a listener told of every step as soon as it is taken, e.g. to print progress. */
        public Builder listener(Consumer<Step> listener) {
            listeners.add(InvalidValueException.requireNonNull("listener", listener));
            return this;
        }

        public RolloutSimulation build() {
            return new RolloutSimulation(this);
        }
    }
}
