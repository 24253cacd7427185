package dev.stepwise.bench;

import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints a GitOps scale run: the details, then one row of the table in bench/README.md, with the
 * issue's own before-figures (issue 12, 2 s interval, engines with one scheduler thread each)
 * where the set-up matches. Lost writes are printed loudly: they must be zero.
 */
final class GitOpsScaleReport {

    /** Issue 12's figures before the fix, at a 2 s interval: finished, wall, pushes ok / rejected, late median. */
    private static final Map<String, String> BEFORE = Map.of(
            "10x1", "10/10, 42 s, 260 commits, 260 / 0 pushes, late 2 s (19 writes lost, 3 unfinished with 2 threads)",
            "50x1", "50/50, 225 s, 1,300 commits, 1,300 / 0 pushes, late 23 s (105 lost, 8 unfinished with 2 threads)",
            "200x1", "0/200 in 300 s, 1,586 commits, late 128 s",
            "10x4", "10/10, 102 s, 260 commits, 260 / 282 pushes, late 0.1 s (p95 6 s)",
            "50x4", "13/50 in 300 s, 930 commits, 930 / 1,039 pushes, late 0.4 s (p95 38 s) (124 lost with 2 threads)");

    private final int n;
    private final int engines;
    private final int threads;
    private final Duration interval;
    private final Duration ideal;
    private final Duration maxWall;
    private final String coordination;

    GitOpsScaleReport(int n, int engines, int threads, Duration interval, Duration ideal, Duration maxWall, String coordination) {
        this.coordination = coordination;
        this.n = n;
        this.threads = threads;
        this.engines = engines;
        this.interval = interval;
        this.ideal = ideal;
        this.maxWall = maxWall;
    }

    void print(Set<String> finished, long wallNanos, List<CountingGitBackend> backends, RemoteHistoryAudit.Result remote,
               Map<String, List<TrafficSplit>> reported, long steps, Samples lateness, Samples decisionToPushed, Samples dueToPushed,
               long cpuNanos, long daemonCpuNanos, String loadAfter, List<String> failures) {
        long fetches = sum(backends, CountingGitBackend::fetches);
        long ok = sum(backends, CountingGitBackend::pushesOk);
        long rejected = sum(backends, CountingGitBackend::pushesRejected);
        long failed = sum(backends, CountingGitBackend::pushesFailed);
        long batches = sum(backends, CountingGitBackend::batches);
        long batched = sum(backends, CountingGitBackend::batchedChanges);
        int lost = lostWrites(finished, remote, reported);
        int splitsReported = reported.values().stream().mapToInt(List::size).sum();
        String wall = finished.size() == n
                ? String.format("%.0f s (%.1f×)", wallNanos / 1e9, wallNanos / (double) ideal.toNanos())
                : String.format("bound %d s hit", maxWall.toSeconds());
        String cpu = String.format("%.0f s + git %.0f s", cpuNanos / 1e9, daemonCpuNanos / 1e9);
        System.out.printf("finished:                %d/%d%n", finished.size(), n);
        System.out.printf("wall vs ideal:           %s, ideal %d s%n", wall, ideal.toSeconds());
        System.out.printf("commits on the remote:   %d (%d traffic + %d state); local commits made %d%n", remote.commits(),
                remote.trafficCommits(), remote.stateCommits(), sum(backends, b -> b.commits.sum()));
        System.out.printf("pushes:                  %d ok / %d rejected / %d failed%n", ok, rejected, failed);
        System.out.printf("group commit:            %d batches carried %d changes = %.1f per batch (%d publishes)%n", batches,
                batched, batched / (double) Math.max(1, batches), sum(backends, b -> b.publishes.sum()));
        System.out.printf("loose objects packed:    %d packings, %d ms in all (beside the batches); %d consolidations, longest %d ms (holding the backend)%n",
                sum(backends, b -> b.collections()[0]), sum(backends, b -> b.collections()[1]), sum(backends, b -> b.collections()[2]),
                backends.stream().mapToLong(b -> b.collections()[3]).max().orElse(0));
        System.out.printf("steps decided:           %d; fetches (real) %d = %.1f per step%n", steps, fetches, fetches / (double) Math.max(1, steps));
        System.out.printf("lost writes:             %d of %d splits reported applied%s%n", lost, splitsReported,
                lost == 0 ? "" : "   <<<<<<<<<< LOST WRITES: the remote does not hold what the engine reported");
        System.out.printf("look lateness:           %s (median / p95 / max, %d looks)%n", lateness.summary(), lateness.count());
        System.out.printf("decision -> pushed:      %s (%d steps)%n", decisionToPushed.summary(), decisionToPushed.count());
        System.out.printf("due -> pushed:           %s (%d steps; the look's lateness and its work before the decision included)%n",
                dueToPushed.summary(), dueToPushed.count());
        System.out.printf("  after the first interval (the start's burst left out): look lateness %s (%d looks), decision -> pushed %s, "
                        + "due -> pushed %s (%d steps)%n",
                lateness.later().summary(), lateness.later().count(), decisionToPushed.later().summary(),
                dueToPushed.later().summary(), dueToPushed.later().count());
        System.out.printf("CPU:                     %s (this JVM + git daemon and its children), load after %s%n", cpu, loadAfter);
        System.out.printf("failure events:          %d%s%n", failures.size(), failures.isEmpty() ? "" : ", first: " + failures.get(0));
        String before = interval.equals(Duration.ofSeconds(2)) && (engines == 1 || "race".equals(coordination)) ? BEFORE.getOrDefault(n + "x" + engines, "–") : "–";
        System.out.printf("%n| %d × %d × %d threads%s | %d/%d | %s | %,d (%,d + %,d) | %,d / %,d%s | %.1f | %.2f | %d | %s | %s | %s | %s |%n",
                n, engines, threads, engines == 1 ? "" : ", " + coordination, finished.size(), n, wall, remote.commits(), remote.trafficCommits(), remote.stateCommits(), ok,
                rejected, failed == 0 ? "" : " (" + failed + " failed)", batched / (double) Math.max(1, batches),
                fetches / (double) Math.max(1, steps), lost,
                lateness.summary(), decisionToPushed.summary(), cpu, before);
    }

    /**
     * Splits reported applied that no commit of the remote gave the rollout's files, plus, for a
     * finished rollout, a last reported split the head does not hold.
     */
    static int lostWrites(Set<String> finished, RemoteHistoryAudit.Result remote, Map<String, List<TrafficSplit>> reported) {
        int lost = 0;
        for (Map.Entry<String, List<TrafficSplit>> e : reported.entrySet()) {
            Set<TrafficSplit> held = new HashSet<>(remote.splits().getOrDefault(e.getKey(), List.of()));
            for (TrafficSplit split : e.getValue()) {
                if (!held.contains(split)) {
                    lost++;
                    System.out.printf("LOST: %s reported %s applied; the remote's history of its files never held it%n", e.getKey(), split);
                }
            }
            TrafficSplit last = e.getValue().get(e.getValue().size() - 1);
            if (finished.contains(e.getKey()) && !last.equals(remote.atHead().get(e.getKey()))) {
                lost++;
                System.out.printf("LOST: %s ended at %s; the remote's head holds %s%n", e.getKey(), last, remote.atHead().get(e.getKey()));
            }
        }
        return lost;
    }

    private static long sum(List<CountingGitBackend> backends, java.util.function.ToLongFunction<CountingGitBackend> f) {
        return backends.stream().mapToLong(f).sum();
    }
}
