package dev.stepwise.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.rollout.HookType;
import dev.stepwise.strategy.ABTestStrategy;
import dev.stepwise.strategy.BlueGreenStrategy;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.strategy.RollingStrategy;
import dev.stepwise.strategy.StrategyKind;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.RouteMatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

@DisplayName("The example specs in examples/specs")
class ExampleSpecsTest {

    /** Relative to the core module, where Maven runs its tests. */
    static final Path SPECS = Path.of("..", "examples", "specs");

    static List<Path> exampleFiles() throws IOException {
        if (!Files.isDirectory(SPECS)) {
            fail("example specs folder " + SPECS.toAbsolutePath().normalize() + " is missing; the tests run from the"
                    + " core module directory and expect the examples module next to it");
        }
        try (Stream<Path> files = Files.list(SPECS)) {
            return files.filter(f -> f.toString().matches(".*\\.(yaml|yml|json)$")).sorted().collect(Collectors.toList());
        }
    }

    static RolloutSpec example(String file) throws IOException {
        exampleFiles();
        return RolloutSpec.read(SPECS.resolve(file));
    }

    @TestFactory
    @DisplayName("every file parses without a problem, and writes back to an equal spec")
    Stream<DynamicTest> everyFileParses() throws IOException {
        List<Path> files = exampleFiles();
        assertThat(files).as("spec files in %s", SPECS).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            RolloutSpec spec = RolloutSpec.read(file);
            assertThat(RolloutSpec.parseYaml(spec.toYaml())).isEqualTo(spec);
            assertThat(RolloutSpec.parseJson(spec.toJson())).isEqualTo(spec);
        }));
    }

    @Test
    @DisplayName("there is one example per declarable strategy")
    void oneExamplePerStrategy() throws IOException {
        List<String> names = exampleFiles().stream().map(f -> f.getFileName().toString()).collect(Collectors.toList());
        assertThat(names).contains("canary.yaml", "blue-green.yaml", "rolling.yaml", "ab-test.yaml");
    }

    @Test
    @DisplayName("each shows how the rollout reaches the world: a service, a provider, a metrics server, a delivery")
    void sections() throws IOException {
        RolloutSpec canary = example("canary.yaml");
        assertThat(canary.service().map(ServiceSpec::port)).contains(9898);
        assertThat(canary.provider()).contains(ProviderSpec.of("istio"));
        assertThat(canary.metricsServer().map(MetricsServerSpec::address))
                .contains(java.net.URI.create("http://prometheus.istio-system:9090"));
        assertThat(canary.delivery()).isEqualTo(DeliverySpec.cluster());

        RolloutSpec blueGreen = example("blue-green.yaml");
        assertThat(blueGreen.provider().map(ProviderSpec::name)).contains("gateway-api");
        assertThat(blueGreen.service().orElseThrow().parentRefs())
                .containsExactly(new ServiceSpec.ParentRef("public", "gateways", "https"));
        assertThat(blueGreen.metricsServer().orElseThrow().credentials()).isEqualTo(new MetricsServerSpec.Credentials
                .BasicAuth("stepwise", new SecretRef.SecretKey("mimir-credentials", "password")));

        RolloutSpec abTest = example("ab-test.yaml");
        assertThat(abTest.provider().map(ProviderSpec::name)).contains("kuma");
        assertThat(abTest.metricsServer().orElseThrow().credentials()).isEqualTo(
                new MetricsServerSpec.Credentials.BearerToken(new SecretRef.EnvVar("PROMETHEUS_TOKEN")));

        assertThat(example("rolling.yaml").delivery()).isEqualTo(new DeliverySpec.Git(
                "https://github.com/example/fleet.git", "main", "clusters/prod/billing", DeliverySpec.GitMode.PULL_REQUEST));
    }

    @Test
    @DisplayName("canary.yaml declares a canary from 10% to 50% with two built-in metrics and two webhooks")
    void canary() throws IOException {
        RolloutSpec spec = example("canary.yaml");
        assertThat(spec.metadata()).isEqualTo(RolloutSpec.Metadata.of("podinfo", "test"));
        assertThat(spec.target()).isEqualTo(RolloutSpec.Target.deployment("podinfo"));
        assertThat(spec.strategy().kind()).isEqualTo(StrategyKind.CANARY);
        CanaryStrategy canary = (CanaryStrategy) spec.strategy();
        assertThat(canary.weights()).containsExactly(10, 20, 30, 40, 50);
        assertThat(canary.stepWeightPromotion()).isZero();
        assertThat(canary.mirror()).isFalse();
        assertThat(canary.baseline()).isFalse();
        assertThat(spec.analysis().interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(spec.analysis().threshold()).isEqualTo(5);
        assertThat(spec.analysis().noData().holdIntervals()).isEqualTo(2);
        assertThat(spec.analysis().metrics()).containsExactly(
                new MetricCheck(MetricCheck.REQUEST_SUCCESS_RATE, "", ThresholdRange.atLeast(99), Duration.ofMinutes(1)),
                new MetricCheck(MetricCheck.REQUEST_DURATION, "", ThresholdRange.atMost(500), Duration.ofSeconds(30)));
        assertThat(spec.analysis().webhooks()).extracting(w -> w.name() + " " + w.type() + " " + w.timeout())
                .containsExactly("acceptance-test pre-rollout PT30S", "load-test rollout PT15S");
        assertThat(spec.analysis().webhooks().get(1).metadata())
                .containsEntry("cmd", "hey -z 1m -q 10 -c 2 http://podinfo-canary.test:9898/");
        assertThat(spec.strategy().analysis()).isSameAs(spec.analysis());
    }

    @Test
    @DisplayName("blue-green.yaml declares ten mirrored iterations and a promotion gate")
    void blueGreen() throws IOException {
        RolloutSpec spec = example("blue-green.yaml");
        assertThat(spec.strategy().kind()).isEqualTo(StrategyKind.BLUE_GREEN);
        BlueGreenStrategy blueGreen = (BlueGreenStrategy) spec.strategy();
        assertThat(blueGreen.iterations()).isEqualTo(10);
        assertThat(blueGreen.mirror()).isTrue();
        assertThat(blueGreen.mirrorWeight()).isEqualTo(100);
        assertThat(blueGreen.postPromotionIterations()).isEqualTo(1);
        assertThat(blueGreen.scaleDownDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.target().kind()).isEqualTo("Deployment");
        assertThat(spec.analysis().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.analysis().noData().holdIntervals()).isZero();
        assertThat(spec.analysis().metrics().get(0).thresholdRange()).isEqualTo(ThresholdRange.atLeast(99.5));
        assertThat(spec.analysis().has(HookType.CONFIRM_PROMOTION)).isTrue();
    }

    @Test
    @DisplayName("rolling.yaml declares three batches, a 25% surge and no unavailability")
    void rolling() throws IOException {
        RolloutSpec spec = example("rolling.yaml");
        assertThat(spec.strategy().kind()).isEqualTo(StrategyKind.ROLLING);
        RollingStrategy rolling = (RollingStrategy) spec.strategy();
        assertThat(rolling.batches()).containsExactly(25, 50, 100);
        assertThat(rolling.maxSurge()).isEqualTo(25);
        assertThat(rolling.maxUnavailable()).isZero();
        assertThat(spec.metadata()).isEqualTo(RolloutSpec.Metadata.of("billing-worker", "payments"));
        MetricCheck lag = spec.analysis().metrics().get(1);
        assertThat(lag.name()).isEqualTo("queue-lag-seconds");
        assertThat(lag.query()).startsWith("max(max_over_time(kafka_consumergroup_lag_seconds");
        assertThat(spec.analysis().metrics().get(0).interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(spec.analysis().has(HookType.POST_ROLLOUT)).isTrue();
    }

    @Test
    @DisplayName("ab-test.yaml declares three alternative matches to the canary, the first with two ANDed headers")
    void abTest() throws IOException {
        RolloutSpec spec = example("ab-test.yaml");
        assertThat(spec.strategy().kind()).isEqualTo(StrategyKind.AB_TEST);
        ABTestStrategy abTest = (ABTestStrategy) spec.strategy();
        assertThat(abTest.iterations()).isEqualTo(10);
        assertThat(abTest.matches()).containsExactly(
                RouteMatch.toCanary(MatchCondition.header("x-canary", Operator.EXACT, "insider"),
                        MatchCondition.header("x-region", Operator.PREFIX, "eu-")),
                RouteMatch.toCanary(MatchCondition.cookie("canary", Operator.REGEX, "always|yes")),
                RouteMatch.toCanary(MatchCondition.header("user-agent", Operator.REGEX, ".*Firefox.*")));
        assertThat(spec.analysis().webhooks().get(1).type()).isEqualTo(HookType.ROLLBACK);
        assertThat(spec.analysis().webhooks().get(1).timeout()).isEqualTo(dev.stepwise.analysis.Webhook.DEFAULT_TIMEOUT);
    }
}
