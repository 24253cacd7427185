package dev.stepwise.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.engine.StuckPolicy;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.testkit.EngineRun;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.RolloutRun;
import dev.stepwise.validation.InvalidValueException;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: Kubernetes Events for a rollout's decisions, written by {@link KubernetesEvents} while
 * the real engine runs the rollout in virtual time ({@link EngineRun}), on the mock API server in
 * CRUD mode. The events are written on the engine's thread (a direct executor) except where the
 * test is about the writer thread.
 */
@EnableKubernetesMockClient(crud = true)
@DisplayName("Kubernetes Events")
class KubernetesEventsTest {

    KubernetesClient client;
    KubernetesMockServer server;

    static RolloutDefinition rollout(double successRate, int threshold) {
        CanaryStrategy canary = CanaryStrategy.builder().stepWeight(10).maxWeight(30).analysis(AnalysisPolicy.builder()
                .interval(Duration.ofMinutes(1)).threshold(threshold)
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99))).build()).build();
        InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
        workload.deploy("v2");
        return RolloutDefinition.builder("test", "podinfo").strategy(canary).router(InMemoryTrafficRouter.ofDefaults())
                .workload(workload).metrics(query -> MetricResult.of(successRate)).build();
    }

    RolloutRun run(RolloutDefinition definition, KubernetesEvents events) {
        try (events) {
            return EngineRun.of(definition).until(Duration.ofHours(2)).listener(events).run().rollout(definition.id());
        }
    }

    List<Event> events() {
        return client.resources(Event.class).inNamespace("test").list().getItems().stream()
                .sorted(Comparator.comparing(e -> e.getMetadata().getName())).toList();
    }

    static List<String> lines(List<Event> events) {
        return events.stream().map(e -> e.getType() + " " + e.getReason() + " " + e.getMessage()
                + (e.getCount() > 1 ? " (x" + e.getCount() + ")" : "")).toList();
    }

    @Test
    @DisplayName("a healthy rollout writes one Event per decision on its Deployment, worded as Flagger's")
    void healthyRollout() {
        KubernetesEvents events = KubernetesEvents.of(client);

        RolloutRun run = run(rollout(99.9, 5), events);

        assertThat(run.phase()).contains(Phase.SUCCEEDED);
        assertThat(lines(events())).containsExactly(
                "Normal Started New revision detected! Scaling up podinfo.test",
                "Normal Advanced Advance podinfo.test canary weight 10",
                "Normal Advanced Advance podinfo.test canary weight 20 (request-success-rate Pass 99.9)",
                "Normal Advanced Advance podinfo.test canary weight 30 (request-success-rate Pass 99.9)",
                "Normal Promoted Copying podinfo.test template spec to primary (request-success-rate Pass 99.9)",
                "Normal Finalizing Routing all traffic to primary of podinfo.test",
                "Normal Succeeded Promotion completed! podinfo.test revision v2",
                "Normal Ended Rollout of podinfo.test ended: Succeeded");
        Event first = events().get(0);
        assertThat(first.getInvolvedObject().getKind()).isEqualTo("Deployment");
        assertThat(first.getInvolvedObject().getApiVersion()).isEqualTo("apps/v1");
        assertThat(first.getInvolvedObject().getNamespace()).isEqualTo("test");
        assertThat(first.getInvolvedObject().getName()).isEqualTo("podinfo");
        assertThat(first.getSource().getComponent()).isEqualTo("stepwise");
        assertThat(first.getFirstTimestamp()).isEqualTo(run.events().get(0).at().toString());
        assertThat(events.written()).isEqualTo(8);
        assertThat(events.dropped()).isZero();
        assertThat(events.failed()).isZero();
    }

    @Test
    @DisplayName("a hold repeated N times is one Event with count N and the last hold's time, then the roll back")
    void repeatedHold() {
        KubernetesEvents events = KubernetesEvents.builder(client).executor(Runnable::run).build();

        RolloutRun run = run(rollout(97, 5), events);

        List<RolloutEvent.Stepped> holds = run.steps().stream().filter(s -> s.transition().decision() == Decision.HOLD).toList();
        assertThat(holds).hasSize(4);
        assertThat(lines(events())).containsExactly(
                "Normal Started New revision detected! Scaling up podinfo.test",
                "Normal Advanced Advance podinfo.test canary weight 10",
                "Warning Halted Halt podinfo.test advancement (request-success-rate Fail 97) (x4)",
                "Warning RolledBack Rolling back podinfo.test failed checks threshold reached 5 (request-success-rate Fail 97)",
                "Warning Ended Canary failed! Rollout of podinfo.test ended: RolledBack");
        Event halted = events().get(2);
        assertThat(halted.getFirstTimestamp()).isEqualTo(holds.get(0).at().toString());
        assertThat(halted.getLastTimestamp()).isEqualTo(holds.get(3).at().toString());
    }

    @Test
    @DisplayName("the rate limit writes a rollout's burst, then drops the rest and counts it")
    void rateLimit() {
        KubernetesEvents events = KubernetesEvents.builder(client).executor(Runnable::run)
                .rateLimit(3, Duration.ofHours(1)).build();

        RolloutRun run = run(rollout(99.9, 5), events);

        assertThat(run.phase()).contains(Phase.SUCCEEDED);
        assertThat(lines(events())).containsExactly(
                "Normal Started New revision detected! Scaling up podinfo.test",
                "Normal Advanced Advance podinfo.test canary weight 10",
                "Normal Advanced Advance podinfo.test canary weight 20 (request-success-rate Pass 99.9)");
        assertThat(events.written()).isEqualTo(3);
        assertThat(events.dropped()).isEqualTo(5);
    }

    @Test
    @DisplayName("an API server that refuses Events does not stop the rollout: each refusal is counted and logged")
    void refusedEvents() {
        server.expect().post().withPath("/api/v1/namespaces/test/events")
                .andReturn(403, "{\"kind\":\"Status\",\"code\":403,\"message\":\"events is forbidden\"}").always();
        KubernetesEvents events = KubernetesEvents.builder(client).executor(Runnable::run).build();

        RolloutRun run = run(rollout(99.9, 5), events);

        assertThat(run.phase()).contains(Phase.SUCCEEDED);
        assertThat(events()).isEmpty();
        assertThat(events.failed()).isEqualTo(8);
        assertThat(events.written()).isZero();
    }

    @Test
    @DisplayName("failed reconciles aggregate into one Warning, and no SPI error text or credentials reach a message")
    void noSecrets() {
        KubernetesEvents events = KubernetesEvents.builder(client).executor(Runnable::run).build();
        Instant t0 = Instant.parse("2026-12-07T10:00:00Z");
        String secret = "https://user:s3cret@hooks.example.com/services/T0/B0?token=abc";

        for (int attempt = 1; attempt <= 3; attempt++) {
            events.onEvent(new RolloutEvent.Failed("test/podinfo", t0.plusSeconds(attempt), attempt,
                    "IOException: POST " + secret + " refused", Duration.ofSeconds(attempt)));
        }
        events.onEvent(new RolloutEvent.Stuck("test/podinfo", t0.plusSeconds(10), StuckPolicy.PAUSE, "at " + secret));
        events.onEvent(new RolloutEvent.Conflicted("test/podinfo", t0.plusSeconds(11), "route at " + secret,
                "Authorization: Bearer abc"));
        events.close();

        assertThat(lines(events())).containsExactly(
                "Warning ReconcileFailed Reconcile of podinfo.test failed; retrying (the log says why) (x3)",
                "Warning Stuck Reconciles of podinfo.test kept failing past the deadline; paused",
                "Warning Conflicted Halt podinfo.test advancement: route at <url> was changed outside Stepwise;"
                        + " resume, pause or abort");
        assertThat(events()).allSatisfy(e -> assertThat(e.getMessage()).doesNotContain("s3cret", "abc", "hooks.example"));
    }

    @Test
    @DisplayName("refuses out-of-range settings naming the field")
    void validation() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KubernetesEvents.builder(client).rateLimit(0, Duration.ofSeconds(1)).build())
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("burst");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KubernetesEvents.builder(client).window(Duration.ZERO).build())
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("window");
    }
}
