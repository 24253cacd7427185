package dev.stepwise.examples;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.git.jgit.GitManifestSink;
import dev.stepwise.git.jgit.JGitBackend;
import dev.stepwise.gitops.GitBackend.CommitInfo;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.mesh.istio.IstioMeshRenderer;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.testkit.EngineRun;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.SimulatedMetricSource;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.VirtualScheduler;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A canary in GitOps mode: Stepwise writes every traffic change as a commit to a Git repository,
 * which a GitOps controller (Argo CD, Flux) would apply to the cluster. Here the repository is a
 * local bare one, the metrics are simulated and time is virtual, so it runs anywhere in seconds.
 * Afterwards {@code git log} is the audit trail: one commit per step, with the decision, the
 * reason, the verdicts and {@code Stepwise-*} trailers.
 *
 * <pre>
 * GitOpsExample                 repository under target/gitops-example
 * GitOpsExample DIR             repository under DIR (absent, empty, or made by an earlier run)
 * </pre>
 */
public final class GitOpsExample {

    /** Where the repository goes unless an argument says otherwise. */
    static final Path DEFAULT_DIR = Path.of("target", "gitops-example");
    /** The bare repository standing for GitHub or GitLab, under the directory. */
    static final String REMOTE = "remote.git";
    /** Stepwise's working copy, under the directory. */
    static final String CLONE = "stepwise-clone";

    private GitOpsExample() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the example for command-line {@code args}; returns the exit status (0, or 2 for bad arguments). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 1 || (args.length == 1 && args[0].startsWith("-"))) {
            err.println("usage: GitOpsExample [DIR]   (default " + DEFAULT_DIR + ")");
            return 2;
        }
        Path dir = (args.length == 1 ? Path.of(args[0]) : DEFAULT_DIR).toAbsolutePath().normalize();
        if (!isUsable(dir)) {
            err.println(dir + " holds something else; pass an absent or empty directory");
            return 2;
        }
        Path remote = createRepository(dir);
        StoredRollout end = rollout(remote.toUri().toString(), dir.resolve(CLONE));
        out.println("Canary of test/podinfo in GitOps mode: " + end.state().phase());
        out.println("Repository: " + remote + " (branch main)");
        out.println("Audit trail, newest first:");
        for (CommitInfo commit : history(remote.toUri().toString(), dir.resolve("reader"))) {
            out.println("  " + commit.id().substring(0, 7) + " " + commit.message().lines().findFirst().orElse(""));
        }
        out.println("Read every step's decision, reason and verdicts with:");
        out.println("  git -C " + remote + " log main");
        out.println("and each step's diff (just the weights) with:");
        out.println("  git -C " + remote + " log -p main -- apps/test/virtualservice-podinfo.yaml");
        return 0;
    }

    /** Runs a healthy canary on virtual time, each traffic change a commit pushed to {@code remoteUri}. */
    static StoredRollout rollout(String remoteUri, Path workingCopy) {
        VirtualScheduler scheduler = VirtualScheduler.startingAt(Instant.parse("2026-03-01T12:00:00Z"));
        try (JGitBackend git = JGitBackend.builder(remoteUri, workingCopy).clock(scheduler.clock())
                .author(new PersonIdent("Stepwise", "stepwise@example.com")).build()) {
            RouteTarget target = RouteTarget.builder("test", "podinfo").port(9898).build();
            MeshTrafficRouter router = MeshTrafficRouter.of(IstioMeshRenderer.of(target),
                    GitManifestSink.builder(git).baseDir("apps").build(), MeshTrafficRouter.DEFAULT_CONFLICT_ATTEMPTS,
                    scheduler.clock());
            InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
            workload.deploy("v2");
            // The simulated service is measured at the split the repository holds: what a controller applies.
            RolloutDefinition definition = RolloutDefinition.builder("test", "podinfo").strategy(canary()).router(router)
                    .workload(workload).metrics(SimulatedMetricSource.of(SimulatedService.ofDefaults(), router::current))
                    .build();
            // The real engine on virtual time until the rollout ends, or an hour passes.
            return EngineRun.of(definition).scheduler(scheduler).until(Duration.ofHours(1)).run()
                    .rollout(definition.id()).stored().orElseThrow();
        }
    }

    /** Canary steps of 10% up to 50%, an analysis every minute. */
    static CanaryStrategy canary() {
        return CanaryStrategy.builder().stepWeight(10).maxWeight(50).analysis(AnalysisPolicy.builder()
                .interval(Duration.ofMinutes(1)).threshold(2)
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99)))
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_DURATION, ThresholdRange.atMost(500)))
                .build()).build();
    }

    /** Every commit on the remote's main, newest first, read through a fresh working copy. */
    static List<CommitInfo> history(String remoteUri, Path workingCopy) {
        try (JGitBackend reader = JGitBackend.builder(remoteUri, workingCopy).build()) {
            reader.sync();
            return reader.log("", 100);
        }
    }

    /** A bare repository whose main holds a README, as a team's GitOps repository starts; its path. */
    static Path createRepository(Path dir) {
        deleteEarlierRun(dir);
        Path remote = dir.resolve(REMOTE);
        Path seed = dir.resolve("seed");
        try (Git bare = Git.init().setBare(true).setDirectory(remote.toFile()).setInitialBranch("main").call();
             Git work = Git.init().setDirectory(seed.toFile()).setInitialBranch("main").call()) {
            Files.writeString(seed.resolve("README.md"), "# apps\n\nRouting of the test namespace; Stepwise writes apps/test.\n");
            work.add().addFilepattern("README.md").call();
            PersonIdent ops = new PersonIdent("Ops Team", "ops@example.com");
            work.commit().setMessage("Start the GitOps repository").setAuthor(ops).setCommitter(ops).call();
            work.push().setRemote(remote.toUri().toString()).add("main").call();
            return remote;
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException("cannot create the repository under " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Absent, empty, or made by an earlier run (so a second run starts afresh without touching anything else). */
    private static boolean isUsable(Path dir) {
        if (!Files.isDirectory(dir)) {
            return !Files.exists(dir);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.allMatch(p -> List.of(REMOTE, CLONE, "seed", "reader").contains(p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteEarlierRun(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(dir)) {
                    Files.delete(path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
