package dev.stepwise.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ControllerExample")
class ControllerExampleTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    @DisplayName("applies a Rollout on the mock API server, prints its status changes up to Succeeded, then its Events")
    void runsTheRolloutToSucceeded() {
        int status = ControllerExample.run(new String[0], print(out), print(err));

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as("exit status; output:%n%s%nerrors:%n%s", text, err).isZero();
        List<String> lines = text.lines().toList();
        assertThat(lines).anyMatch(l -> l.startsWith("  Progressing weight 20% "))
                .anyMatch(l -> l.startsWith("  Progressing weight 60% "))
                .anyMatch(l -> l.startsWith("  Succeeded weight 0% "));
        assertThat(lines.indexOf(lines.stream().filter(l -> l.startsWith("  Progressing weight 20% ")).findFirst().orElseThrow()))
                .as("20% before 60%").isLessThan(lines.indexOf(
                        lines.stream().filter(l -> l.startsWith("  Progressing weight 60% ")).findFirst().orElseThrow()));
        assertThat(text).contains("Normal Succeeded", "podinfo-primary now runs ghcr.io/stefanprodan/podinfo:6.7.0");
    }

    @Test
    @DisplayName("refuses arguments with its usage and exit status 2")
    void refusesArguments() {
        assertThat(ControllerExample.run(new String[] {"x"}, print(out), print(err))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: ControllerExample");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
