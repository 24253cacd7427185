package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("stepwise demo")
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("runs the README's healthy and failing canaries, with the README's numbers")
    void readmeDemo() {
        CliRun run = CliRun.of("demo", "--out", dir);

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .contains("A healthy canary (seed 42)\n", "A failing canary: it breaks once it takes 30% of the traffic (seed 42)\n")
                .contains("[+2m] Progressing stable 80% / canary 20% success-rate 99.84% Pass, p99 218ms Pass -> advance")
                .contains("Result: Succeeded after 9 steps (8m virtual)\n")
                .contains("[+4m] Progressing stable 70% / canary 30% success-rate 95.19% Fail, p99 213ms Pass -> hold")
                .contains("[+5m] RolledBack  stable 100% / canary 0% success-rate 94.45% Fail, p99 213ms Pass -> roll back")
                .contains("Result: RolledBack after 6 steps (5m virtual)\n");
    }

    @Test
    @DisplayName("prints progress as plain lines when not on a terminal: no carriage returns, no colours")
    void plainProgress() {
        List<String> lines = CliRun.of("demo", "--out", dir).out().lines().toList();

        assertThat(lines.subList(1, 10)).containsExactly(
                "[##------------------]  11% canary 0%  Progressing",
                "[####----------------]  22% canary 10%  Progressing",
                "[######--------------]  33% canary 20%  Progressing",
                "[########------------]  44% canary 30%  Progressing",
                "[###########---------]  55% canary 40%  Progressing",
                "[#############-------]  66% canary 50%  Progressing",
                "[###############-----]  77% canary 50%  Promoting",
                "[#################---]  88% canary 0%  Promoting",
                "[####################] 100% canary 0%  Succeeded");
        assertThat(String.join("\n", lines)).doesNotContain("\r", "\u001b[");
    }

    @Test
    @DisplayName("redraws the progress in place and colours it on a terminal")
    void liveProgress() {
        CliRun run = CliRun.on(CliRun.terminal(Map.of()), "demo", "--out", dir, "--delay", 0);

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("\r[##------------------]  11% canary 0%  Progressing\r[####")
                .contains("\u001b[32mSucceeded\u001b[0m\n")
                .contains("\u001b[31mroll back\u001b[0m");
    }

    @Test
    @DisplayName("writes an SVG chart per rollout into --out, and says where")
    void charts() throws Exception {
        Path out = dir.resolve("nested").resolve("charts");

        CliRun run = CliRun.of("demo", "--out", out);

        for (String name : List.of("healthy-canary.svg", "failing-canary.svg")) {
            Path chart = out.resolve(name);
            assertThat(run.out()).contains("Chart: " + chart + "\n");
            assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(chart.toFile())
                    .getDocumentElement().getTagName()).isEqualTo("svg");
        }
        assertThat(Files.readString(out.resolve("failing-canary.svg"))).contains("rolled back at 5m");
        assertThat(Files.readString(out.resolve("healthy-canary.svg"))).contains("promoted at 6m");
    }

    @Test
    @DisplayName("says so and exits 1 when the output directory cannot be made")
    void unwritableOut() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "");

        CliRun run = CliRun.of("demo", "--out", file.resolve("charts"));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith(file.resolve("charts") + ": cannot create the output directory");
    }
}
