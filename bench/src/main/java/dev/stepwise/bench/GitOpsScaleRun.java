package dev.stepwise.bench;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.engine.ExecutorScheduler;
import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.git.jgit.GitManifestSink;
import dev.stepwise.git.jgit.GitStateStore;
import dev.stepwise.git.jgit.JGitBackend;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.mesh.istio.IstioMeshRenderer;
import dev.stepwise.rollout.Action;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.traffic.TrafficSplit;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jgit.api.Git;

/**
 * The GitOps scale run: N healthy canaries (stepWeight 10, maxWeight 50, one check) on the real
 * clock, each routed by {@link MeshTrafficRouter} (Istio) through a {@link GitManifestSink}, state
 * in a {@link GitStateStore}, both on one {@link JGitBackend} per engine; E engines (rollout i on
 * engine i mod E), each with its own working copy of the same branch of one repository served by a
 * real {@code git daemon} on 127.0.0.1, each with its own scheduler (two threads unless given).
 *
 * <p>Measures: rollouts finished, wall time against the ideal (steps × interval), commits on the
 * remote (traffic + state), pushes accepted / rejected / failed, fetches per step, lost writes (a
 * split an engine reported applied that the remote's history of the rollout's files never held,
 * or a last split not at the head), look lateness and decision → pushed latency, CPU of this JVM
 * and of the daemon with its children. Bounded: past the maximum wall time it reports what
 * finished.
 *
 * <p>Run: {@code bench/run-gitops N ENGINES [intervalSeconds] [maxWallSeconds] [threadsPerEngine]}
 * (defaults 2, 300 and 2, the default scheduler's threads).
 */
public final class GitOpsScaleRun {

    private static final String NAMESPACE = "bench";
    private static final String BRANCH = "main";

    private final Map<String, List<TrafficSplit>> reported = new ConcurrentHashMap<>();
    private final Map<String, Long> ended = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final LongAdder steps = new LongAdder();
    private final Samples lateness = new Samples();
    private final Samples decisionToPushed = new Samples();

    private GitOpsScaleRun() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: GitOpsScaleRun N ENGINES [intervalSeconds] [maxWallSeconds] [threadsPerEngine]");
        }
        int n = Integer.parseInt(args[0]);
        int engines = Integer.parseInt(args[1]);
        Duration interval = Duration.ofMillis((long) (1000 * (args.length > 2 ? Double.parseDouble(args[2]) : 2)));
        Duration maxWall = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 300);
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        new GitOpsScaleRun().run(n, engines, interval, maxWall, threads);
        System.exit(0); // JGit and the schedulers may leave non-daemon threads behind
    }

    private void run(int n, int engineCount, Duration interval, Duration maxWall, int threads) throws Exception {
        Path dir = Files.createTempDirectory("stepwise-gitops-bench");
        Path base = Files.createDirectories(dir.resolve("served"));
        Path bare = base.resolve("deploy.git");
        Git.init().setBare(true).setInitialBranch(BRANCH).setDirectory(bare.toFile()).call().close();
        CanaryStrategy canary = canary(interval);
        Duration ideal = interval.multipliedBy(canary.stepsToSuccess());
        System.out.printf("GitOps scale run: %d rollouts, %d engine(s) x %d threads, interval %s, ideal %s, bound %s, load %s (%s)%n",
                n, engineCount, threads, interval, ideal, maxWall, loadAverage(), dir);
        try (GitDaemonProcess daemon = GitDaemonProcess.serve(base)) {
            List<CountingGitBackend> backends = new ArrayList<>();
            List<RolloutEngine> engines = new ArrayList<>();
            List<ExecutorScheduler> schedulers = new ArrayList<>();
            List<GitManifestSink> sinks = new ArrayList<>();
            Map<String, Long> decidedAt = TimedRouter.decisions();
            for (int e = 0; e < engineCount; e++) {
                CountingGitBackend backend = new CountingGitBackend(
                        JGitBackend.builder(daemon.uri("deploy.git"), dir.resolve("engine-" + e)).branch(BRANCH).build());
                ExecutorScheduler scheduler = ExecutorScheduler.withThreads(threads);
                backends.add(backend);
                schedulers.add(scheduler);
                sinks.add(GitManifestSink.builder(backend).baseDir("apps").build());
                engines.add(RolloutEngine.builder().scheduler(new TimedScheduler(scheduler, lateness))
                        .stateStore(GitStateStore.builder(backend).build()).listener(ev -> heard(ev, decidedAt)).build());
            }
            Map<String, MeshRenderer> renderers = new ConcurrentHashMap<>();
            long cpu0 = processCpuNanos();
            long daemonCpu0 = daemon.cpuNanos();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String service = "svc-" + i;
                MeshRenderer renderer = IstioMeshRenderer.of(RouteTarget.builder(NAMESPACE, service).port(9898).build());
                renderers.put(NAMESPACE + "/" + service, renderer);
                InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
                workload.deploy("v2");
                MeshTrafficRouter router = MeshTrafficRouter.of(renderer, sinks.get(i % engineCount));
                engines.get(i % engineCount).register(RolloutDefinition.builder(NAMESPACE, service).strategy(canary)
                        .router(new TimedRouter(router, decisionToPushed, decidedAt)).workload(workload)
                        .metrics(Fixtures.HEALTHY).build());
            }
            long deadline = start + maxWall.toNanos();
            while (ended.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long wall = (ended.size() == n ? ended.values().stream().mapToLong(Long::longValue).max().orElse(start)
                    : System.nanoTime()) - start;
            long cpu = processCpuNanos() - cpu0;
            long daemonCpu = daemon.cpuNanos() - daemonCpu0;
            String loadAfter = loadAverage();
            Map<String, List<TrafficSplit>> reportedSnapshot = Map.copyOf(reported);
            // schedulers first: their threads are interrupted out of backoffs, so closing an engine
            // does not wait for every in-flight reconcile to finish its retries
            schedulers.forEach(ExecutorScheduler::close);
            engines.forEach(RolloutEngine::close);
            RemoteHistoryAudit.Result remote = RemoteHistoryAudit.read(bare, BRANCH, renderers, sinks.get(0)::path);
            backends.forEach(CountingGitBackend::close);
            new GitOpsScaleReport(n, engineCount, threads, interval, ideal, maxWall).print(Set.copyOf(ended.keySet()), wall, backends, remote,
                    reportedSnapshot, steps.sum(), lateness, decisionToPushed, cpu, daemonCpu, loadAfter, failures);
        }
    }

    private void heard(RolloutEvent event, Map<String, Long> decidedAt) {
        if (event instanceof RolloutEvent.Stepped s) {
            steps.increment();
            TimedRouter.decided(decidedAt, s.id());
        } else if (event instanceof RolloutEvent.Applied a) {
            a.actions().stream().filter(Action.SetTraffic.class::isInstance).map(action -> ((Action.SetTraffic) action).split())
                    .forEach(split -> reported.computeIfAbsent(a.id(), k -> new CopyOnWriteArrayList<>()).add(split));
        } else if (event instanceof RolloutEvent.Ended e) {
            ended.putIfAbsent(e.id(), System.nanoTime());
        } else if (event instanceof RolloutEvent.Failed f) {
            failures.add(f.id() + ": " + f.error());
        } else if (event instanceof RolloutEvent.Stuck s) {
            failures.add(s.id() + " STUCK: " + s.error());
        }
    }

    private static CanaryStrategy canary(Duration interval) {
        return CanaryStrategy.builder().stepWeight(10).maxWeight(50).analysis(AnalysisPolicy.builder().interval(interval)
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99))).build()).build();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException | RuntimeException unreadable) {
            return "unknown";
        }
    }
}
