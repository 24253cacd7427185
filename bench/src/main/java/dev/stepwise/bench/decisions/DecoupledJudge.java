package dev.stepwise.bench.decisions;

import dev.stepwise.analysis.judge.SequentialDecision;
import dev.stepwise.analysis.judge.SequentialEvidence;
import dev.stepwise.analysis.judge.SequentialJudge;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.TrackStats;
import dev.stepwise.testkit.TrafficWindow;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;

/**
 * (b) The {@link SequentialJudge} decoupled from the step interval. Precisely:
 * <ul>
 *   <li>Traffic follows the threshold schedule's weights: 10% at the start, +10 every minute up to
 *       50% (so 50% from minute 4 on); nothing else moves the weight.</li>
 *   <li>Every look ({@value #LOOK_SECONDS} seconds by default): the canary's and stable's counts in those
 *       seconds (stable is the control) go into two judges with the same parameters, one on
 *       5xx counts, one on slow requests (latency above {@value #SLOW_MS} ms, stable's p99), as
 *       the two built-in checks.</li>
 *   <li>Roll back at the first look where either judge answers HARMFUL, at any weight.</li>
 *   <li>Promote at the first look at the maximum weight where both answer NOT_HARMFUL.</li>
 *   <li>Otherwise keep looking; after {@link #DEADLINE} the run is UNDECIDED (neither promoted nor
 *       rolled back: missing evidence is never health).</li>
 * </ul>
 */
final class DecoupledJudge implements Contestant {

    static final int LOOK_SECONDS = 10;
    static final double SLOW_MS = Scenario.STABLE_P99_MS;
    static final Duration DEADLINE = Duration.ofHours(1);

    private final SequentialJudge judge;
    private final int lookSeconds;
    private final String name;

    DecoupledJudge(SequentialJudge judge, int lookSeconds, String name) {
        this.judge = judge;
        this.lookSeconds = lookSeconds;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Outcome run(Scenario scenario, long seed) {
        SimulatedService service = scenario.service(seed).build();
        SequentialEvidence errors = SequentialEvidence.NONE;
        SequentialEvidence slow = SequentialEvidence.NONE;
        Duration look = Duration.ofSeconds(lookSeconds);
        long canaryRequests = 0;
        for (long seconds = 0; seconds < DEADLINE.toSeconds(); seconds += lookSeconds) {
            if (scenario.switches() && seconds >= scenario.switchAt().toSeconds()) {
                service.canaryErrorProbability(scenario.laterErrors());
            }
            int weight = weightAt(seconds);
            TrafficWindow window = service.observe(TrafficSplit.canary(weight), look);
            TrackStats canary = window.canary();
            TrackStats stable = window.track(Track.STABLE);
            canaryRequests += canary.requests();
            errors = judge.update(errors, canary.errorCounts(), stable.errorCounts());
            slow = judge.update(slow, canary.slowCounts(SLOW_MS), stable.slowCounts(SLOW_MS));
            SequentialDecision.Outcome onErrors = judge.decide(errors).outcome();
            SequentialDecision.Outcome onSlow = judge.decide(slow).outcome();
            Duration now = Duration.ofSeconds(seconds + lookSeconds);
            if (onErrors == SequentialDecision.Outcome.HARMFUL || onSlow == SequentialDecision.Outcome.HARMFUL) {
                return new Outcome(Outcome.Decision.ROLLED_BACK, canaryRequests, now);
            }
            if (weight == ThresholdSchedule.MAX_WEIGHT && onErrors == SequentialDecision.Outcome.NOT_HARMFUL
                    && onSlow == SequentialDecision.Outcome.NOT_HARMFUL) {
                return new Outcome(Outcome.Decision.PROMOTED, canaryRequests, now);
            }
        }
        return new Outcome(Outcome.Decision.UNDECIDED, canaryRequests, DEADLINE);
    }

    /** The schedule's canary weight {@code seconds} after the start. */
    static int weightAt(long seconds) {
        long steps = seconds / ThresholdSchedule.INTERVAL.toSeconds();
        return (int) Math.min(ThresholdSchedule.MAX_WEIGHT, ThresholdSchedule.STEP_WEIGHT * (steps + 1));
    }
}
