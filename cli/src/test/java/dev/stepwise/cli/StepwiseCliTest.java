package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("stepwise")
class StepwiseCliTest {

    @ParameterizedTest(name = "stepwise {0} --help")
    @ValueSource(strings = {"", "validate", "plan", "demo"})
    @DisplayName("prints usage with --help on every command, exit 0")
    void help(String command) {
        CliRun run = command.isEmpty() ? CliRun.of("--help") : CliRun.of(command, "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("Usage: stepwise" + (command.isEmpty() ? "" : " " + command))
                .contains("--no-color", "--version");
        assertThat(run.err()).isEmpty();
    }

    @ParameterizedTest(name = "stepwise help {0}")
    @ValueSource(strings = {"validate", "plan", "render", "demo"})
    @DisplayName("prints a command's usage with help COMMAND, as with COMMAND --help, exit 0")
    void helpCommand(String command) {
        CliRun run = CliRun.of("help", command);

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo(CliRun.of(command, "--help").out());
        assertThat(run.err()).isEmpty();
    }

    @Test
    @DisplayName("prints its own usage with help alone, listing help among the commands, exit 0")
    void helpAlone() {
        CliRun run = CliRun.of("help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo(CliRun.of("--help").out()).contains("help", "plan");
        assertThat(run.err()).isEmpty();
    }

    @Test
    @DisplayName("rejects help for an unknown command, exit 2")
    void helpUnknownCommand() {
        CliRun run = CliRun.of("help", "deploy");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown subcommand 'deploy'");
    }

    @Test
    @DisplayName("shows percent signs in help texts as written")
    void percentSigns() {
        assertThat(CliRun.of("demo", "--help").out()).contains("10% more traffic").doesNotContain("%%");
        assertThat(CliRun.of("plan", "--help").out()).contains("0.1% errors").doesNotContain("%%");
    }

    @Test
    @DisplayName("prints the project version with --version")
    void version() {
        CliRun run = CliRun.of("--version");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("stepwise 0.1.0-SNAPSHOT\nJava ");
    }

    @Test
    @DisplayName("prints usage on standard error without a command, exit 2")
    void noCommand() {
        CliRun run = CliRun.of();

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("Usage: stepwise").contains("validate", "plan", "demo");
    }

    @Test
    @DisplayName("rejects an unknown command, exit 2")
    void unknownCommand() {
        CliRun run = CliRun.of("deploy");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("Unmatched argument at index 0: 'deploy'");
    }

    @Nested
    @DisplayName("colours")
    class Colours {

        @Test
        @DisplayName("are on for a terminal")
        void onTerminal() {
            assertThat(CliRun.on(CliRun.terminal(Map.of()), "plan", CliRun.CANARY).out()).contains("\u001b[32madvance\u001b[0m");
        }

        @Test
        @DisplayName("are off with --no-color, before or after the command")
        void noColorOption() {
            assertThat(CliRun.on(CliRun.terminal(Map.of()), "plan", CliRun.CANARY, "--no-color").out()).doesNotContain("\u001b[");
            assertThat(CliRun.on(CliRun.terminal(Map.of()), "--no-color", "plan", CliRun.CANARY).out()).doesNotContain("\u001b[");
        }

        @Test
        @DisplayName("are off when NO_COLOR is set to anything but the empty string")
        void noColorEnvironment() {
            assertThat(CliRun.on(CliRun.terminal(Map.of("NO_COLOR", "1")), "plan", CliRun.CANARY).out()).doesNotContain("\u001b[");
            assertThat(CliRun.on(CliRun.terminal(Map.of("NO_COLOR", "")), "plan", CliRun.CANARY).out()).contains("\u001b[");
        }

        @Test
        @DisplayName("are never in JSON")
        void neverInJson() {
            assertThat(CliRun.on(CliRun.terminal(Map.of()), "plan", CliRun.CANARY, "--format", "json").out())
                    .doesNotContain("\u001b[");
        }
    }
}
