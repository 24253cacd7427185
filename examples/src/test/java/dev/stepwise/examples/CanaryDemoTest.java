package dev.stepwise.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.rollout.Phase;
import dev.stepwise.testkit.SimulationResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("CanaryDemo")
class CanaryDemoTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {42, 1, 7, 2026})
    @DisplayName("promotes the healthy canary: Succeeded in 9 steps, 8 virtual minutes")
    void healthyCanarySucceeds(long seed) {
        SimulationResult result = CanaryDemo.simulate(false, seed, print(out), false);

        assertThat(result.phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(text(out)).endsWith("Result: Succeeded after 9 steps (8m virtual)" + System.lineSeparator());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {42, 1, 7, 2026})
    @DisplayName("rolls the failing canary back at its second failed analysis, at 30%")
    void failingCanaryRollsBack(long seed) {
        SimulationResult result = CanaryDemo.simulate(true, seed, print(out), false);

        assertThat(result.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(result.lastStep().splitBefore().canary()).isEqualTo(30);
        assertThat(text(out)).contains("-> hold: analysis failed 1 of 2 times")
                .endsWith("Result: RolledBack after 6 steps (5m virtual)" + System.lineSeparator());
    }

    @Test
    @DisplayName("runs both canaries by default, one line per step, without colours off a terminal")
    void runsBothByDefault() {
        int status = CanaryDemo.run(new String[0], print(out), print(err), false);

        assertThat(status).isZero();
        assertThat(text(out)).contains("Result: Succeeded", "Result: RolledBack").doesNotContain("\u001b[");
        assertThat(text(out).lines().filter(l -> l.startsWith("["))).hasSize(9 + 6);
        assertThat(text(err)).isEmpty();
    }

    @Test
    @DisplayName("rejects an unknown argument with status 2 and a usage line")
    void rejectsUnknownArguments() {
        int status = CanaryDemo.run(new String[] {"--seed", "x"}, print(out), print(err), false);

        assertThat(status).isEqualTo(2);
        assertThat(text(err)).contains("usage: CanaryDemo [--healthy | --failing] [--seed N]");
        assertThat(text(out)).isEmpty();
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
