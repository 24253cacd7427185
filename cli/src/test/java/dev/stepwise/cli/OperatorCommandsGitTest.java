package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.git.jgit.GitStateStore;
import dev.stepwise.git.jgit.JGitBackend;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.StoredRollout;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator commands against the Git state store in a real bare repository (file://), while a
 * real engine drives the rollout on virtual time through its own clone.
 */
@DisplayName("stepwise status|promote|abort|retry on the Git state store")
class OperatorCommandsGitTest {

    @TempDir
    Path dir;
    String remote;
    JGitBackend engineClone;
    DrivenRollout rollout;

    @BeforeEach
    void start() throws Exception {
        Path bare = dir.resolve("state.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        remote = bare.toUri().toString();
        // The CLI pushes from its own clone, so the engine's reads must fetch: a head reused within
        // the default 1 s window would not show the command just stored (a flake under load).
        engineClone = JGitBackend.builder(remote, dir.resolve("engine")).branch("main").syncReuse(Duration.ZERO).build();
        rollout = new DrivenRollout(GitStateStore.of(engineClone));
    }

    @AfterEach
    void stop() {
        rollout.close();
        engineClone.close();
    }

    private CliRun cli(Object... args) {
        Object[] all = new Object[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--git";
        all[args.length + 1] = remote;
        all[args.length + 2] = "--branch";
        all[args.length + 3] = "main";
        return CliRun.with(Terminal.script(), rollout.pace(), all);
    }

    @Test
    @DisplayName("status shows the rollout the engine pushed; promote is committed and pushed, then taken by the engine")
    void statusAndPromote() {
        rollout.successRate.set(new MetricResult.NoData("no requests yet"));
        rollout.advance(Duration.ofMinutes(3));

        CliRun status = cli("status", "podinfo", "-n", "test");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("Phase      Progressing", "Split      stable 90% / canary 10%",
                "Last step  hold: no data", "request-success-rate NoData: no requests yet",
                "Git " + remote + " branch main, .stepwise/state/");

        CliRun promote = cli("promote", "podinfo", "-n", "test");
        assertThat(promote.exit()).as(promote.err()).isZero();
        assertThat(promote.out()).startsWith("promote stored for test/podinfo");
        assertThat(rollout.stored().commands()).containsExactly(Command.PROMOTE);

        rollout.advance(DrivenRollout.INTERVAL);

        StoredRollout after = rollout.stored();
        assertThat(after.commands()).isEmpty();
        assertThat(after.state().split().canary()).isEqualTo(20);
    }

    @Test
    @DisplayName("abort ends the rollout; retry starts it again")
    void abortAndRetry() {
        rollout.advance(Duration.ofMinutes(1));
        assertThat(cli("abort", "podinfo", "-n", "test").exit()).isZero();
        rollout.advance(DrivenRollout.INTERVAL);
        assertThat(rollout.stored().state().phase()).isEqualTo(Phase.ABORTED);
        assertThat(cli("status", "podinfo", "-n", "test").out()).contains("Next look  none: the rollout has ended");

        assertThat(cli("retry", "podinfo", "-n", "test").exit()).isZero();
        rollout.advance(DrivenRollout.INTERVAL);

        assertThat(rollout.stored().state().phase()).isNotEqualTo(Phase.ABORTED);
    }

    @Test
    @Timeout(60)
    @DisplayName("status --watch prints each change and stops when the rollout ends")
    void watch() {
        rollout.advance(Duration.ofSeconds(1));

        CliRun run = cli("status", "podinfo", "-n", "test", "--watch", "--interval", "1m");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("---"); // printed again on a change; which versions a 1m read sees varies
        assertThat(run.out().strip()).endsWith("none: the rollout has ended (a new revision or retry starts it again)");
        assertThat(run.out()).contains("Phase      Succeeded");
    }

    @Test
    @DisplayName("an unknown rollout, a repository URL with user info, a token variable not set: clear messages, no store touched")
    void refusals() {
        rollout.advance(Duration.ofSeconds(1));
        CliRun unknown = cli("status", "web", "-n", "test");
        assertThat(unknown.exit()).isEqualTo(StepwiseCli.INVALID_INPUT);
        assertThat(unknown.err()).contains("no rollout test/web in Git", "it holds test/podinfo");

        CliRun userInfo = CliRun.of("promote", "podinfo", "--git", "https://bot:hunter2@git.example/fleet.git");
        assertThat(userInfo.exit()).isEqualTo(2);
        assertThat(userInfo.err()).contains("--git https://***@git.example/fleet.git must not contain user info")
                .doesNotContain("hunter2");

        CliRun unset = CliRun.of("promote", "podinfo", "--git", "https://git.example/fleet.git",
                "--git-token-env", "STEPWISE_NO_SUCH_VARIABLE");
        assertThat(unset.exit()).isEqualTo(2);
        assertThat(unset.err()).contains("--git-token-env STEPWISE_NO_SUCH_VARIABLE: the environment variable is not set");

        CliRun both = cli("status", "podinfo", "--context", "prod");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("choose one state store");
    }
}
