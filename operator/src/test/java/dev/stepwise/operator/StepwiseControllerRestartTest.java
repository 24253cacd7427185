package dev.stepwise.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A controller started after its Rollouts were applied (a restart, a new leader's first start)")
class StepwiseControllerRestartTest {

    final ControllerCluster cluster = new ControllerCluster();

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    @DisplayName("runs every Rollout it lists at start to Succeeded (none taken as gone before its informer was known)")
    void runsWhatItListsAtStart() {
        List<String> names = List.of("podinfo", "frontend", "backend", "checkout", "search");
        for (String name : names) {
            cluster.deploy(name);
            cluster.apply(ControllerCluster.spec(name, 50, "100ms"));
        }

        try (StepwiseController controller = StepwiseController.builder(cluster.client).namespaces(Set.of(ControllerCluster.NS))
                .build()) {
            controller.start();

            for (String name : names) {
                cluster.awaitPhase(name, "Succeeded");
            }
            assertThat(controller.rollouts()).hasSize(names.size());
        }
    }
}
