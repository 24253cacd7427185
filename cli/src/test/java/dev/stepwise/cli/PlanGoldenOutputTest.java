package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plan of every example spec, healthy and failing, byte for byte as recorded before the
 * renovation (issue 10): a refactoring that changes a single decision, reason, time or weight
 * fails here. The recorded files are {@code src/test/resources/golden/plan/SPEC-SCENARIO.json};
 * change one only with a behaviour change that is meant, and say so in the commit. The plans of
 * {@code canary-judged} were recorded later, with each step's judge readings (issue 15).
 */
@DisplayName("stepwise plan --format json: unchanged for every example spec")
class PlanGoldenOutputTest {

    static List<String[]> cases() {
        List<String[]> cases = new ArrayList<>();
        for (String spec : List.of("ab-test", "blue-green", "canary", "canary-judged", "rolling")) {
            for (String scenario : List.of("healthy", "failing")) {
                cases.add(new String[] {spec, scenario});
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    @DisplayName("prints exactly the recorded plan")
    void printsTheRecordedPlan(String spec, String scenario) throws IOException {
        CliRun run = CliRun.of("plan", CliRun.SPECS.resolve(spec + ".yaml"),
                "--scenario", scenario, "--format", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(recorded(spec + "-" + scenario + ".json"));
    }

    private static String recorded(String name) throws IOException {
        try (InputStream in = PlanGoldenOutputTest.class.getResourceAsStream("/golden/plan/" + name)) {
            assertThat(in).as("recorded plan %s on the test classpath", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
