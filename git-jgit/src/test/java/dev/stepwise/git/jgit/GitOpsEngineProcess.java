package dev.stepwise.git.jgit;

import dev.stepwise.engine.ExecutorScheduler;
import dev.stepwise.engine.RetryPolicy;
import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.engine.StuckPolicy;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.StoredRollout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The engine's JVM in the {@code kill -9} crash test: the GitOps rollouts of {@link ReleaseTrain}
 * on the real clock, the route through {@link MeshTrafficRouter} on a {@link GitManifestSink} and
 * the state in a {@link GitStateStore}, both on one {@link JGitBackend} whose working directory
 * every run reuses. When a revision's rollout ends it deploys the next one, until the revision the
 * test wrote to the {@code last} file has ended; then it prints {@code finished <revision>} and exits 0.
 * Prints {@code running} once the rollout is registered.
 *
 * <p>Arguments: remote URI, working directory, bare repository (read for the metrics: the split
 * on the remote's {@code main} is the one in force), workload file, {@code last} file, analysis
 * interval in milliseconds.
 */
final class GitOpsEngineProcess {

    /** Short backoffs: a failure after a restart (a lock, a rejected push) is retried within 50 ms. */
    static final RetryPolicy RETRY = new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMinutes(10),
            StuckPolicy.PAUSE, Duration.ofMillis(100));

    private final FileWorkload workload;
    private final Path lastFile;
    private final CompletableFuture<String> finished = new CompletableFuture<>();

    private GitOpsEngineProcess(FileWorkload workload, Path lastFile) {
        this.workload = workload;
        this.lastFile = lastFile;
    }

    public static void main(String[] args) throws Exception {
        String remote = args[0];
        Path workingDirectory = Path.of(args[1]);
        Path bare = Path.of(args[2]);
        GitOpsEngineProcess process = new GitOpsEngineProcess(FileWorkload.at(Path.of(args[3])), Path.of(args[4]));
        Duration interval = Duration.ofMillis(Long.parseLong(args[5]));
        try (JGitBackend backend = JGitBackend.builder(remote, workingDirectory)
                .author(new PersonIdent("Stepwise", "stepwise@example.com")).build();
             ExecutorScheduler scheduler = ExecutorScheduler.ofDefaults();
             RemoteHistory inForce = RemoteHistory.open(bare)) {
            GitStateStore store = GitStateStore.of(backend);
            store.load(ReleaseTrain.ID).ifPresent(process::ended);
            RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).stateStore(store).retry(RETRY)
                    .listener(process::observe).build();
            engine.register(RolloutDefinition.builder(ReleaseTrain.NAMESPACE, ReleaseTrain.SERVICE)
                    .strategy(ReleaseTrain.canary(interval))
                    .router(MeshTrafficRouter.of(ReleaseTrain.renderer(), GitManifestSink.builder(backend).baseDir("apps").build()))
                    .workload(process.workload)
                    .metrics(query -> MetricResult.of(ReleaseTrain.successRate(process.workload.canaryRevision(),
                            inForce.headSplit())))
                    .build());
            System.out.println("running after " + ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
            String last = process.finished.get(10, TimeUnit.MINUTES);
            engine.close();
            System.out.println("finished " + last);
        }
        System.exit(0);
    }

    /** Listens on the engine's thread: an ended rollout deploys the next revision, or finishes the run. */
    private void observe(RolloutEvent event) {
        if (event instanceof RolloutEvent.Ended) {
            next(workload.canaryRevision());
        }
    }

    /** A rollout stored at start: if it ended for the revision deployed, as {@link #observe} would have done. */
    private void ended(StoredRollout stored) {
        String deployed = workload.canaryRevision();
        if (stored.isCommitted() && stored.state().phase().isTerminal() && stored.state().revision().equals(deployed)) {
            next(deployed);
        }
    }

    private void next(String ended) {
        if (last().filter(ended::equals).isPresent()) {
            finished.complete(ended);
        } else {
            workload.deploy(ReleaseTrain.next(ended));
        }
    }

    private Optional<String> last() {
        try {
            return Files.exists(lastFile) ? Optional.of(Files.readString(lastFile).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
