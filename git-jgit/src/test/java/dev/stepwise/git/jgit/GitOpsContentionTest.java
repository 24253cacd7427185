package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.engine.InMemoryStateStore;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.traffic.TrafficSplit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Other writers in the same repository: another engine on another clone, and a person. */
@DisplayName("GitOps with other writers")
class GitOpsContentionTest {

    static final String VIRTUAL_SERVICE = "apps/test/virtualservice-podinfo.yaml";

    @TempDir
    Path dir;

    @Test
    @DisplayName("two engines on two clones run two rollouts into one repository at once: every commit of both is in the history")
    void twoEnginesAtOnce() throws Exception {
        BareRepository remote = BareRepository.create(dir);
        try (GitOpsRollout podinfo = GitOpsRollout.of(remote, "podinfo");
             GitOpsRollout frontend = GitOpsRollout.of(remote, "frontend")) {
            podinfo.start(SimulatedService.ofDefaults(), podinfo.stateStore(), podinfo.router());
            frontend.start(SimulatedService.ofDefaults(), frontend.stateStore(), frontend.router());

            List<StoredRollout> ends = runAtOnce(podinfo, frontend);

            assertThat(ends).extracting(end -> end.state().phase()).containsOnly(Phase.SUCCEEDED);
            for (GitOpsRollout rollout : List.of(podinfo, frontend)) {
                assertThat(rollout.stepCommits()).as(rollout.id()).extracting(c -> rollout.splitAt(c.id()))
                        .containsExactlyElementsOf(GitOpsEndToEndTest.HEALTHY);
                assertThat(rollout.splitAtHead()).isEqualTo(TrafficSplit.allStable());
            }
            assertThat(remote.history()).filteredOn(c -> c.trailers().containsKey(GitStateStore.VERSION_TRAILER))
                    .extracting(c -> c.trailers().get(GitStateStore.ROLLOUT_TRAILER))
                    .contains("test/podinfo", "test/frontend");
        }
    }

    @Test
    @DisplayName("a person's commit to the route mid-rollout holds it (Conflicted); after resume, theirs and all of ours are in the history")
    void personsCommitMidRollout() {
        BareRepository remote = BareRepository.create(dir);
        try (GitOpsRollout podinfo = GitOpsRollout.of(remote, "podinfo")) {
            podinfo.start(SimulatedService.ofDefaults(), new InMemoryStateStore(), podinfo.router());
            podinfo.runUntil(rec -> rec.state().split().canary() == 20 && rec.isCommitted());
            String theirs = remote.commitAsPerson("Jane Doe", VIRTUAL_SERVICE,
                    // into the annotations Stepwise's fence already keeps (a second annotations key would be a duplicate)
                    yaml -> yaml.replaceFirst("\n  annotations:\n", "\n  annotations:\n    example.com/owner: jane\n"),
                    "Own the podinfo route");

            StoredRollout held = podinfo.runUntil(StoredRollout::isHeld);
            podinfo.scheduler.advance(Duration.ofMinutes(10));

            assertThat(podinfo.events).filteredOn(RolloutEvent.Conflicted.class::isInstance).hasSize(1)
                    .first().satisfies(e -> assertThat(((RolloutEvent.Conflicted) e).what()).isEqualTo(VIRTUAL_SERVICE));
            assertThat(podinfo.engine().status(podinfo.id()).orElseThrow().isHeld()).isTrue();
            assertThat(remote.history().get(0).id()).as("nothing written while held").isEqualTo(theirs);
            assertThat(held.state().split()).isEqualTo(TrafficSplit.canary(30));

            podinfo.engine().command(podinfo.id(), Command.RESUME);
            StoredRollout end = podinfo.runToEnd();

            assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
            assertThat(remote.history()).extracting(BareRepository.Commit::id).contains(theirs);
            assertThat(podinfo.stepCommits()).extracting(c -> podinfo.splitAt(c.id()))
                    .containsExactlyElementsOf(GitOpsEndToEndTest.HEALTHY);
            assertThat(podinfo.stepCommits().get(2).message()).contains("Override: written over a change made outside Stepwise");
            assertThat(remote.fileAtHead(VIRTUAL_SERVICE).orElseThrow()).contains("example.com/owner: jane");
        }
    }

    /** Runs both rollouts to their end on two threads, each advancing its own virtual time. */
    private static List<StoredRollout> runAtOnce(GitOpsRollout first, GitOpsRollout second) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            Future<StoredRollout> a = threads.submit(() -> {
                start.await();
                return first.runToEnd();
            });
            Future<StoredRollout> b = threads.submit(() -> {
                start.await();
                return second.runToEnd();
            });
            start.countDown();
            return List.of(a.get(2, TimeUnit.MINUTES), b.get(2, TimeUnit.MINUTES));
        } finally {
            threads.shutdownNow();
        }
    }
}
