package dev.stepwise.examples;

import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.rollout.HookType;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.WebhookClient;
import dev.stepwise.testkit.EngineRun;
import dev.stepwise.testkit.EngineRunResult;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.SimulatedMetricSource;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.VirtualScheduler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Embedding the engine, the way a platform team does: a spec, a {@link RolloutEngine} and the
 * SPIs that reach the mesh, the pods and the metrics. Here the SPIs are the testkit's in-memory
 * ones and time is virtual ({@link EngineRun} drives the real engine on a virtual scheduler until
 * the rollout ends), so it runs anywhere in a second; in production they are the mesh,
 * Kubernetes and Prometheus adapters and the engine's default scheduler and clock.
 */
public final class EmbeddingExample {

    private EmbeddingExample() {
    }

    public static void main(String[] args) throws IOException {
        Path spec = Path.of(args.length > 0 ? args[0] : "examples/specs/canary.yaml");
        run(spec, System.out);
    }

    /** Runs the spec's rollout to its end and returns what is stored for it. */
    static StoredRollout run(Path specFile, PrintStream out) throws IOException {
        RolloutSpec spec = RolloutSpec.read(specFile);

        // What a real embedding replaces: the mesh, the pods, the metrics, and time.
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
        workload.deploy("v2");
        // 20% of the simulated requests match A/B rules, so an A/B test's canary gets traffic.
        SimulatedMetricSource metrics = SimulatedMetricSource.of(SimulatedService.builder().matchingShare(0.2).build(), router);
        VirtualScheduler scheduler = VirtualScheduler.startingAt(Instant.parse("2026-01-01T00:00:00Z"));

        RolloutDefinition definition = RolloutDefinition.builder(spec.metadata().namespace(), spec.metadata().name())
                .strategy(spec.strategy())
                .router(router)
                .workload(workload)
                .metrics(metrics)
                // Gates approve and hooks pass; the rollback trigger answers "no rollback requested".
                .webhooks((webhook, context) -> webhook.type() == HookType.ROLLBACK
                        ? WebhookClient.Outcome.failure("no rollback requested") : WebhookClient.Outcome.success())
                .build();

        // The real RolloutEngine, on virtual time, until the rollout ends (or two virtual hours pass).
        // An embedding builds the engine itself: RolloutEngine.builder(), register(definition).
        EngineRunResult result = EngineRun.of(definition)
                .scheduler(scheduler)
                .until(Duration.ofHours(2))
                .listener(event -> {
                    if (event instanceof RolloutEvent.Stepped stepped) {
                        out.printf("%s %-12s %-28s %s%n", event.at(), stepped.transition().state().phase(),
                                stepped.transition().state().split(), stepped.transition().reason());
                    }
                })
                .run();
        StoredRollout rec = result.rollout(definition.id()).stored().orElseThrow();
        out.println(definition.id() + ": " + rec.state().phase() + ", routes written: " + router.applied());
        return rec;
    }
}
