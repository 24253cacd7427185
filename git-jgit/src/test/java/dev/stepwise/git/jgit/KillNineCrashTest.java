package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.git.jgit.RemoteHistory.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's JVM killed with {@code kill -9} again and again on the real clock, restarted each
 * time on the same working copy, until its GitOps rollouts are done; then the remote's history is
 * checked commit by commit ({@link CrashHistoryCheck}). The remote is a bare repository served by a
 * real {@code git daemon} on 127.0.0.1 (a process of its own, as GitHub is: a killed client must not
 * be able to leave the server's refs locked), with a reflog of every value {@code main} had.
 *
 * <p>System properties: {@code stepwise.crash.kills} (default 30), {@code stepwise.crash.seed}
 * (default: a new one, printed), {@code stepwise.crash.interval} (analysis interval in ms, default
 * 200). The figures are printed and written to {@code target/crash-test/figures.txt}.
 * {@code scripts/crash-test} runs the long version.
 */
@DisplayName("A GitOps engine killed with kill -9 at random moments")
class KillNineCrashTest {

    static final int KILLS = Integer.getInteger("stepwise.crash.kills", 30);
    static final long SEED = Long.getLong("stepwise.crash.seed", System.nanoTime());
    static final Duration INTERVAL = Duration.ofMillis(Long.getLong("stepwise.crash.interval", 200));

    @TempDir
    Path root;

    @Test
    @DisplayName("restarted on the same working copy after every kill, leaves on the remote exactly the strategy's history, no commit lost and no lock left")
    void killNine() throws Exception {
        long started = System.nanoTime();
        Path served = Files.createDirectories(root.resolve("served"));
        BareRepository.create(served);
        Path bare = served.resolve("remote.git");
        keepReflog(bare);
        Path workingDirectory = root.resolve("working-copy");
        FileWorkload workload = FileWorkload.at(root.resolve("workload.properties"));
        workload.deploy(ReleaseTrain.FIRST);
        Path last = root.resolve("last");
        System.out.println("kill -9 crash test: seed " + SEED + " (-Dstepwise.crash.seed=" + SEED + " repeats the moments)");

        EngineLives lives;
        Path logs = Files.createDirectories(root.resolve("logs"));
        try (GitDaemon daemon = GitDaemon.serve(served); RemoteHistory watched = RemoteHistory.open(bare)) {
            lives = new EngineLives(List.of(daemon.uri("remote.git"), workingDirectory.toString(), bare.toString(),
                    root.resolve("workload.properties").toString(), last.toString(), Long.toString(INTERVAL.toMillis())),
                    workingDirectory, watched, logs, INTERVAL);
            Random random = new Random(SEED);
            for (int kill = 0; kill < KILLS; kill++) {
                lives.killOnce(random);
            }
            // the JVM is dead: the train ends with the revision deployed now
            Files.writeString(last, workload.canaryRevision());
            lives.finish();
        } finally {
            keepLogs(logs);
        }

        String lastRevision = workload.canaryRevision();
        try (RemoteHistory remote = RemoteHistory.open(bare)) {
            List<Snapshot> history = remote.mainline();
            List<String> reflog = remote.reflog();
            List<String> violations = CrashHistoryCheck.violations(history, reflog, remote, lastRevision);
            String figures = figures(lives, lastRevision, history.size(), reflog.size(), violations.size(), started);
            System.out.println(figures);
            Path report = Files.createDirectories(Path.of("target", "crash-test")).resolve("figures.txt");
            Files.writeString(report, figures + "\n");

            assertThat(violations).as("violations in the remote's history (seed %d)", SEED).isEmpty();
        }
        assertThat(lives.locks()).as("lock files left in the working copy").isEmpty();
        assertThat(workingDirectory.resolve(".git/stepwise.owner")).as("released by the last JVM").isEmptyFile();
    }

    private static String figures(EngineLives lives, String lastRevision, int commits, int pushes, int violations,
                                  long startedNanos) {
        return String.format("kill -9 crash test: seed %d, interval %d ms: %d kills (%d while the JVM started, %d left"
                        + " lock files: %s), %d restarts, revisions v2..%s delivered, %d commits checked, %d values of"
                        + " main in the reflog all reachable, %d violations, %.1f s wall time",
                SEED, INTERVAL.toMillis(), KILLS, lives.killsWhileStarting(), lives.killsWithLock(), lives.locksLeft(),
                lives.lives() - 1, lastRevision, commits, pushes, violations, (System.nanoTime() - startedNanos) / 1e9);
    }

    /** Copies each JVM's output to {@code target/crash-test/logs}, replacing an earlier run's. */
    private static void keepLogs(Path logs) throws IOException {
        Path kept = Path.of("target", "crash-test", "logs");
        if (Files.isDirectory(kept)) {
            try (Stream<Path> old = Files.list(kept)) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(kept);
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.toList()) {
                Files.copy(file, kept.resolve(file.getFileName()));
            }
        }
    }

    /** Makes the bare repository log every update of its refs, so that every value main had can be checked. */
    private static void keepReflog(Path bare) throws IOException {
        try (var repository = new FileRepositoryBuilder().setGitDir(bare.toFile()).build()) {
            StoredConfig config = repository.getConfig();
            config.setString("core", null, "logAllRefUpdates", "always");
            config.save();
        }
    }
}
