package dev.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.strategy.ABTestStrategy;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.VirtualScheduler;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Registering a rollout whose strategy needs what its router lacks")
class RouterCapabilitiesRegistrationTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final RouterCapabilities NO_HEADER_MATCH = new RouterCapabilities(true, false, true, 1);

    final VirtualScheduler scheduler = VirtualScheduler.startingAt(T0);
    @RegisterExtension
    final EveryRolloutHasOneNextLook nextLooks = new EveryRolloutHasOneNextLook();
    final InMemoryStateStore store = new InMemoryStateStore();
    final List<RolloutEvent> events = new ArrayList<>();
    final RolloutEngine engine = nextLooks.watch(RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler)
            .stateStore(store).listener(events::add).build(), scheduler);
    final InMemoryWorkload workload = InMemoryWorkload.ofDefaults();

    static ABTestStrategy abTest() {
        return ABTestStrategy.builder().match(MatchCondition.header("x-canary", MatchCondition.Operator.EXACT, "insider")).build();
    }

    InvalidConfigException register(Strategy strategy, InMemoryTrafficRouter router) {
        return catchThrowableOfType(() -> engine.register(RolloutDefinition.builder("shop", "checkout").strategy(strategy)
                .router(router).workload(workload).metrics(query -> MetricResult.of(99.9)).build()), InvalidConfigException.class);
    }

    @Test
    void an_ab_test_on_a_router_without_header_matches_is_refused_with_the_reason_and_nothing_is_touched() {
        workload.deploy("v2");
        InMemoryTrafficRouter router = InMemoryTrafficRouter.builder().capabilities(NO_HEADER_MATCH).build();

        InvalidConfigException refused = register(abTest(), router);
        scheduler.advance(Duration.ofMinutes(10));

        assertThat(refused).as("register refuses it").isNotNull();
        assertThat(refused.problems()).containsExactly(new Problem("router", "router cannot match requests by header or"
                + " cookie, but the A/B test strategy routes requests matching header x-canary exact \"insider\" to the"
                + " canary during the test (matches)"));
        assertThat(refused.getMessage()).startsWith("rollout definition is invalid (1 problem):");
        assertThat(engine.rollouts()).isEmpty();
        assertThat(store.ids()).as("nothing stored").isEmpty();
        assertThat(router.exists()).as("no route reconciled").isFalse();
        assertThat(router.applied()).as("no split applied").isEmpty();
        assertThat(workload.scaleHistory()).as("nothing scaled").isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void every_need_the_router_lacks_is_reported_together_with_the_definition_s_other_problems() {
        InMemoryTrafficRouter router = InMemoryTrafficRouter.builder()
                .capabilities(new RouterCapabilities(true, true, false, 5)).build();
        Strategy canary = CanaryStrategy.builder().stepWeights(12, 50).mirror(true).build();

        InvalidConfigException refused = catchThrowableOfType(() -> RolloutDefinition.builder("shop", "Checkout")
                .strategy(canary).router(router).workload(workload).metrics(query -> MetricResult.of(99.9)).build(),
                InvalidConfigException.class);

        assertThat(refused.problems()).extracting(Problem::path).containsExactly("name", "router", "router");
        assertThat(refused.problems()).extracting(Problem::message).contains(
                "router routes weights in steps of 5%, but the canary strategy writes 12% (stepWeights[0]); also 88%",
                "router cannot mirror traffic, but the canary strategy mirrors 100% of stable traffic to the canary"
                        + " before the first shift (mirror: true)");
    }

    @Test
    void the_same_strategy_on_a_router_that_can_serve_it_registers_and_routes_its_matches() {
        workload.deploy("v2");
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();

        String id = engine.register(RolloutDefinition.builder("shop", "checkout").strategy(abTest()).router(router)
                .workload(workload).metrics(query -> MetricResult.of(99.9)).build());
        scheduler.advance(Duration.ofMinutes(3));

        assertThat(engine.rollouts()).containsExactly(id);
        assertThat(router.applied()).anyMatch(split -> !split.matches().isEmpty());
    }
}
