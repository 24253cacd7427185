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
import dev.stepwise.kubernetes.LeaseLeadership;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.mesh.istio.IstioMeshRenderer;
import dev.stepwise.rollout.Action;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.tck.kubernetes.MockCluster;
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
 * <p>How several engines share the repository ({@link Coordination}): {@code race} (rollout i on
 * engine i mod E, every engine pushing to the branch), {@code lease} (one Kubernetes {@code Lease}
 * on fabric8's mock API server in this JVM, {@link LeaseLeadership} at its defaults; every rollout
 * registered on every engine, only the leader writes), or {@code failover} (as {@code lease}, and
 * the first leader stops halfway through the ideal time, releasing the lease as on a rolling
 * update). With a lease, look lateness counts only the looks of the engine leading at the time.
 *
 * <p>Run: {@code bench/run-gitops N ENGINES [intervalSeconds] [maxWallSeconds] [threadsPerEngine] [race|lease|failover]}
 * (defaults 2, 300, 2, the default scheduler's threads, and race).
 */
public final class GitOpsScaleRun {

    private static final String NAMESPACE = "bench";
    private static final String BRANCH = "main";
    /** Held here: JUL keeps loggers weakly, and the mock API server logs every request at INFO. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private final Map<String, List<TrafficSplit>> reported = new ConcurrentHashMap<>();
    private final Map<String, Long> ended = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final LongAdder steps = new LongAdder();
    private final Samples lateness = new Samples();
    private final Samples decisionToPushed = new Samples();
    private final Samples dueToPushed = new Samples();

    private GitOpsScaleRun() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException(
                    "usage: GitOpsScaleRun N ENGINES [intervalSeconds] [maxWallSeconds] [threadsPerEngine] [race|lease|failover]");
        }
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        int n = Integer.parseInt(args[0]);
        int engines = Integer.parseInt(args[1]);
        Duration interval = Duration.ofMillis((long) (1000 * (args.length > 2 ? Double.parseDouble(args[2]) : 2)));
        Duration maxWall = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 300);
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        Coordination coordination = args.length > 5 ? Coordination.parse(args[5]) : Coordination.RACE;
        new GitOpsScaleRun().run(n, engines, interval, maxWall, threads, coordination);
        System.exit(0); // JGit and the schedulers may leave non-daemon threads behind
    }

    /** How several engines share the repository. */
    enum Coordination {
        /** Rollout i on engine i mod E; every engine pushes to the branch. */
        RACE,
        /** One Lease: every rollout on every engine, only the leader writes. */
        LEASE,
        /** One Lease, and the first leader stops halfway through the ideal time. */
        FAILOVER;

        static Coordination parse(String text) {
            for (Coordination c : values()) {
                if (c.name().equalsIgnoreCase(text)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("coordination " + text + ": must be race, lease or failover");
        }

        boolean leased() {
            return this != RACE;
        }
    }

    private void run(int n, int engineCount, Duration interval, Duration maxWall, int threads, Coordination coordination)
            throws Exception {
        Path dir = Files.createTempDirectory("stepwise-gitops-bench");
        Path base = Files.createDirectories(dir.resolve("served"));
        Path bare = base.resolve("deploy.git");
        Git.init().setBare(true).setInitialBranch(BRANCH).setDirectory(bare.toFile()).call().close();
        CanaryStrategy canary = canary(interval);
        Duration ideal = interval.multipliedBy(canary.stepsToSuccess());
        System.out.printf("GitOps scale run: %d rollouts, %d engine(s) x %d threads, %s, interval %s, ideal %s, bound %s, "
                        + "JGit SHA-1 %s, load %s (%s)%n",
                n, engineCount, threads, coordination.name().toLowerCase(java.util.Locale.ROOT), interval, ideal, maxWall,
                System.getProperty("org.eclipse.jgit.util.sha1.implementation", "java (JGit's default)"),
                loadAverage(), dir);
        try (GitDaemonProcess daemon = GitDaemonProcess.serve(base); MockCluster cluster = MockCluster.start()) {
            List<LeaseLeadership> leaderships = new ArrayList<>();
            Map<Integer, Long> ledAt = new ConcurrentHashMap<>();
            List<CountingGitBackend> backends = new ArrayList<>();
            List<RolloutEngine> engines = new ArrayList<>();
            List<ExecutorScheduler> schedulers = new ArrayList<>();
            List<GitManifestSink> sinks = new ArrayList<>();
            Map<String, Long> decidedAt = TimedRouter.decisions();
            Map<String, Long> dueAt = TimedRouter.decisions();
            for (int e = 0; e < engineCount; e++) {
                CountingGitBackend backend = new CountingGitBackend(
                        JGitBackend.builder(daemon.uri("deploy.git"), dir.resolve("engine-" + e)).branch(BRANCH).build());
                ExecutorScheduler scheduler = ExecutorScheduler.withThreads(threads);
                backends.add(backend);
                schedulers.add(scheduler);
                sinks.add(GitManifestSink.builder(backend).baseDir("apps").build());
                RolloutEngine.Builder engine = RolloutEngine.builder().stateStore(GitStateStore.builder(backend).build())
                        .listener(ev -> heard(ev, decidedAt, dueAt));
                if (coordination.leased()) {
                    int index = e;
                    LeaseLeadership leadership = LeaseLeadership.builder(cluster.client(), NAMESPACE, "stepwise-gitops")
                            .identity("engine-" + e).build();
                    leadership.listen(term -> {
                        if (term.leading()) {
                            ledAt.putIfAbsent(index, System.nanoTime());
                        }
                    });
                    leaderships.add(leadership);
                    engine.leadership(leadership).scheduler(new TimedScheduler(scheduler, lateness, () -> leadership.current().leading()));
                } else {
                    engine.scheduler(new TimedScheduler(scheduler, lateness));
                }
                engines.add(engine.build());
            }
            if (coordination.leased()) {
                // engine 0 leads first, so that a failover stops a known leader; then the others stand by
                leaderships.get(0).start();
                while (!leaderships.get(0).current().leading()) {
                    Thread.sleep(20);
                }
                leaderships.forEach(LeaseLeadership::start);
            }
            Map<String, MeshRenderer> renderers = new ConcurrentHashMap<>();
            long cpu0 = processCpuNanos();
            long daemonCpu0 = daemon.cpuNanos();
            long start = System.nanoTime();
            lateness.laterFrom(start + interval.toNanos());
            decisionToPushed.laterFrom(start + interval.toNanos());
            dueToPushed.laterFrom(start + interval.toNanos());
            for (int i = 0; i < n; i++) {
                String service = "svc-" + i;
                MeshRenderer renderer = IstioMeshRenderer.of(RouteTarget.builder(NAMESPACE, service).port(9898).build());
                renderers.put(NAMESPACE + "/" + service, renderer);
                InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
                workload.deploy("v2");
                for (int e = 0; e < engineCount; e++) {
                    if (coordination.leased() || i % engineCount == e) {
                        MeshTrafficRouter router = MeshTrafficRouter.of(renderer, sinks.get(e));
                        engines.get(e).register(RolloutDefinition.builder(NAMESPACE, service).strategy(canary)
                                .router(new TimedRouter(router, decisionToPushed, decidedAt, dueToPushed, dueAt)).workload(workload)
                                .metrics(Fixtures.HEALTHY).build());
                    }
                }
            }
            long deadline = start + maxWall.toNanos();
            long stopAt = coordination == Coordination.FAILOVER ? start + ideal.toNanos() / 2 : Long.MAX_VALUE;
            long stoppedAt = 0;
            while (ended.size() < n && System.nanoTime() < deadline) {
                if (stoppedAt == 0 && System.nanoTime() >= stopAt) {
                    stoppedAt = System.nanoTime();
                    leaderships.get(0).stop();
                    System.out.printf("  engine-0 stopped leading at %.1f s%n", (stoppedAt - start) / 1e9);
                }
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
            leaderships.forEach(LeaseLeadership::close);
            if (coordination.leased()) {
                System.out.printf("leaders:                 %s%n", leaders(ledAt, start, stoppedAt));
            }
            RemoteHistoryAudit.Result remote = RemoteHistoryAudit.read(bare, BRANCH, renderers, sinks.get(0)::path);
            backends.forEach(CountingGitBackend::close);
            new GitOpsScaleReport(n, engineCount, threads, interval, ideal, maxWall,
                    coordination.name().toLowerCase(java.util.Locale.ROOT)).print(Set.copyOf(ended.keySet()), wall, backends, remote,
                    reportedSnapshot, steps.sum(), lateness, decisionToPushed, dueToPushed, cpu, daemonCpu, loadAfter, failures);
        }
    }

    /** Which engines led, when each first did, and how long the takeover took after a stop. */
    private static String leaders(Map<Integer, Long> ledAt, long start, long stoppedAt) {
        StringBuilder text = new StringBuilder();
        ledAt.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> text.append(text.length() == 0 ? "" : ", ")
                .append("engine-").append(e.getKey()).append(String.format(" from %.1f s", (e.getValue() - start) / 1e9)));
        if (stoppedAt != 0) {
            long next = ledAt.entrySet().stream().filter(e -> e.getKey() != 0).mapToLong(Map.Entry::getValue).min().orElse(0);
            text.append(next == 0 ? "; nobody took over" : String.format("; taken over %.1f s after the stop", (next - stoppedAt) / 1e9));
        }
        return text.toString();
    }

    private void heard(RolloutEvent event, Map<String, Long> decidedAt, Map<String, Long> dueAt) {
        if (event instanceof RolloutEvent.Stepped s) {
            steps.increment();
            TimedRouter.decided(decidedAt, dueAt, s.id());
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
