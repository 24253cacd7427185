package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.Transition;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.testkit.EngineRun;
import dev.stepwise.testkit.EngineRunResult;
import dev.stepwise.testkit.RolloutRun;
import dev.stepwise.timeline.Timeline;
import dev.stepwise.timeline.TimelineJson;
import dev.stepwise.traffic.TrafficSplit;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A plan and a run are identical by construction: for every example spec and both built-in
 * scenarios, {@code stepwise plan --format json} prints exactly the timeline of an
 * {@link EngineRun} of the same definition, one entry per {@link RolloutEvent.Stepped} of the real
 * engine, read here straight from the events (time, phase, weights, verdicts, decision, reason).
 */
@DisplayName("stepwise plan is a run of the real engine on virtual time")
class PlanIsAnEngineRunTest {

    static List<String[]> cases() {
        List<String[]> cases = new ArrayList<>();
        for (String spec : List.of("ab-test", "blue-green", "canary", "canary-steps", "rolling")) {
            for (String scenario : List.of("healthy", "failing")) {
                cases.add(new String[] {spec, scenario});
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    @DisplayName("the plan's timeline is the engine run's steps, step by step")
    void planIsTheEngineRun(String spec, String scenario) throws IOException {
        Path file = CliRun.SPECS.resolve(spec + ".yaml");
        RolloutSpec rollout = RolloutSpec.read(file);
        Strategy strategy = rollout.strategy();
        Scenario chosen = "healthy".equals(scenario) ? Scenario.healthy(strategy) : Scenario.failing(strategy);
        String name = rollout.metadata().name();
        ScenarioSimulation.Parts parts = ScenarioSimulation.parts(name, strategy, chosen, new HashMap<>(chosen.metrics()));
        Instant start = parts.scheduler().clock().instant();

        EngineRunResult engine = EngineRun.of(parts.definition()).scheduler(parts.scheduler())
                .until(ScenarioSimulation.deadline(strategy))
                .stopWhenWaiting(rec -> rec.state().phase() == Phase.PAUSED).run();
        CliRun plan = CliRun.of("plan", file, "--scenario", scenario, "--format", "json");

        RolloutRun run = engine.rollout(parts.definition().id());
        assertThat(run.steps()).isNotEmpty();
        List<Timeline.Entry> entries = new ArrayList<>();
        for (RolloutEvent.Stepped stepped : run.steps()) {
            Transition t = stepped.transition();
            TrafficSplit split = t.state().split();
            entries.add(new Timeline.Entry(Duration.between(start, stepped.at()), t.state().phase(), split.stable(),
                    split.canary(), split.baseline(), split.mirrorPercent(), t.analysis(), stepped.verdicts(),
                    t.decision(), t.reason()));
        }
        Timeline ran = new Timeline(name, strategy.kind(), run.phase().orElseThrow(), entries);
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).isEqualTo(TimelineJson.write(ran));
    }
}
