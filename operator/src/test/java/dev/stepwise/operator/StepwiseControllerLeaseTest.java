package dev.stepwise.operator;

import static dev.stepwise.operator.ControllerCluster.NS;
import static dev.stepwise.operator.ControllerCluster.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.kubernetes.LeaseLeadership;
import dev.stepwise.kubernetes.LeaseLeadershipBuilder;
import dev.stepwise.rollout.Action;
import dev.stepwise.spi.LeadershipTerm;
import dev.stepwise.tck.PausableExecutor;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, high availability: two controllers on one mock API server and one Lease (lease 3 s,
 * renew deadline 2 s, retry 200 ms), each recording the splits its engine applied ({@code "a: 10"});
 * a watch records each canary weight the VirtualService showed, in order. Every wait is bounded.
 */
@DisplayName("Two controllers on one Lease")
class StepwiseControllerLeaseTest {

    static final List<Integer> HEALTHY = List.of(10, 20, 30, 40, 50, 0);

    ControllerCluster cluster;
    final List<String> applied = new CopyOnWriteArrayList<>();
    final List<Integer> shown = new CopyOnWriteArrayList<>();
    final List<Replica> replicas = new ArrayList<>();
    SharedIndexInformer<GenericKubernetesResource> routes;

    /** One controller: its lease (on a pausable elector thread when asked), the events of its engine. */
    final class Replica implements AutoCloseable {
        final String name;
        final @Nullable PausableExecutor elector;
        final LeaseLeadership lease;
        final StepwiseController controller;
        final CountDownLatch leads = new CountDownLatch(1);
        final CountDownLatch deposed = new CountDownLatch(1);
        final List<RolloutEvent> events = new CopyOnWriteArrayList<>();
        volatile Consumer<RolloutEvent> onEvent = e -> { };

        Replica(String name, boolean pausable) {
            this.name = name;
            this.elector = pausable ? new PausableExecutor() : null;
            LeaseLeadershipBuilder b = LeaseLeadership.builder(cluster.client, NS, "stepwise-controller").identity(name)
                    .leaseDuration(Duration.ofSeconds(3)).renewDeadline(Duration.ofSeconds(2)).retryPeriod(Duration.ofMillis(200));
            this.lease = (elector == null ? b : b.executor(elector)).build();
            lease.listen(term -> (term.leading() ? leads : deposed).countDown());
            this.controller = StepwiseController.builder(cluster.client).namespaces(Set.of(NS)).lease(lease).listener(e -> {
                events.add(e);
                if (e instanceof RolloutEvent.Applied a) {
                    a.actions().stream().filter(Action.SetTraffic.class::isInstance).map(Action.SetTraffic.class::cast)
                            .forEach(set -> applied.add(name + ": " + set.split().canary()));
                }
                onEvent.accept(e);
            }).build();
        }

        @Override
        public void close() {
            if (elector != null) {
                elector.resume();
            }
            controller.close();
            if (elector != null) {
                elector.close();
            }
        }
    }

    Replica replica(String name, boolean pausable) {
        Replica r = new Replica(name, pausable);
        replicas.add(r);
        return r;
    }

    @BeforeEach
    void start() {
        cluster = new ControllerCluster();
        cluster.deploy("podinfo");
        routes = cluster.client.genericKubernetesResources("networking.istio.io/v1", "VirtualService").inNamespace(NS)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource vs) {
                        shown.add(ControllerCluster.canaryWeight(vs));
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                        if (!before.getMetadata().getResourceVersion().equals(after.getMetadata().getResourceVersion())) {
                            shown.add(ControllerCluster.canaryWeight(after));
                        }
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource vs, boolean unknown) {
                        shown.add(-1);
                    }
                });
    }

    @AfterEach
    void stop() {
        replicas.forEach(Replica::close);
        routes.close();
        cluster.close();
    }

    /** a leads, then b starts following; the rollout applied. */
    void aLeadsBFollows(Replica a, Replica b) throws InterruptedException {
        a.controller.start();
        assertThat(a.leads.await(30, TimeUnit.SECONDS)).as("a leads within 30 s").isTrue();
        b.controller.start();
        cluster.apply(ControllerCluster.spec("podinfo", 10, "500ms"));
    }

    static List<Integer> weights(List<String> applied) {
        return applied.stream().map(w -> Integer.parseInt(w.substring(w.indexOf(' ') + 1))).toList();
    }

    static List<String> writers(List<String> applied) {
        return applied.stream().map(w -> w.substring(0, 1)).toList();
    }

    @Test
    @DisplayName("the leader stopped mid-rollout: the other finishes it, no split written twice or out of order")
    void failover() throws InterruptedException {
        Replica a = replica("a", false);
        Replica b = replica("b", false);
        aLeadsBFollows(a, b);

        cluster.await("podinfo", "at 20% by a", r -> Integer.valueOf(20).equals(status(r).get("canaryWeight")) && applied.contains("a: 20"));
        a.controller.close();

        assertThat(b.leads.await(30, TimeUnit.SECONDS)).as("b leads within 30 s").isTrue();
        GenericKubernetesResource done = cluster.awaitPhase("podinfo", "Succeeded");

        assertThat(weights(applied)).as("splits applied: %s", applied).containsExactlyElementsOf(HEALTHY);
        assertThat(String.join("", writers(applied))).as("a's writes, then b's: %s", applied).matches("a{2,}b+");
        assertThat(shown.stream().distinct().toList()).as("the VirtualService's weights, in order: %s", shown)
                .containsExactly(0, 10, 20, 30, 40, 50);
        assertThat(shown).as("each split shown once, in order: %s", shown).containsSubsequence(10, 20, 30, 40, 50, 0)
                .filteredOn(w -> w > 0).doesNotHaveDuplicates();
        assertThat(cluster.image("podinfo-primary")).isEqualTo(ControllerCluster.NEW_IMAGE);
        assertThat(((LeadershipTerm.Leading) b.controller.leadership()).epoch()).isGreaterThan(1);
        assertThat(status(done)).containsEntry("canaryWeight", 0);
    }

    @Test
    @DisplayName("a leader paused past its lease (a long GC) writes nothing after it wakes: the other finished the rollout")
    void pausedLeader() throws InterruptedException {
        Replica a = replica("a", true);
        Replica b = replica("b", false);
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch wake = new CountDownLatch(1);
        a.onEvent = e -> {
            // the whole JVM stops, right after a wrote 30% ahead and before it applies it: its elector and this thread
            if (e instanceof RolloutEvent.Stepped s && s.transition().state().split().canary() == 30) {
                java.util.Objects.requireNonNull(a.elector).pause();
                paused.countDown();
                await(wake, 60);
            }
        };
        aLeadsBFollows(a, b);

        assertThat(paused.await(30, TimeUnit.SECONDS)).as("a pauses before applying 30%").isTrue();
        assertThat(b.leads.await(30, TimeUnit.SECONDS)).as("b takes the lapsed lease").isTrue();
        cluster.awaitPhase("podinfo", "Succeeded");
        List<String> appliedBefore = List.copyOf(applied);
        List<Integer> shownBefore = List.copyOf(shown);
        int aEventsBefore = a.events.size();

        wake.countDown();
        java.util.Objects.requireNonNull(a.elector).resume();
        assertThat(a.deposed.await(30, TimeUnit.SECONDS)).as("a's elector sees b hold the lease").isTrue();
        a.controller.engine().reconcile("test/podinfo");

        assertThat(applied).as("nothing applied by a after waking").isEqualTo(appliedBefore);
        assertThat(shown).as("the VirtualService untouched").isEqualTo(shownBefore);
        assertThat(status(cluster.rollout("podinfo"))).containsEntry("phase", "Succeeded").containsEntry("canaryWeight", 0);
        assertThat(weights(applied)).containsExactlyElementsOf(HEALTHY);
        assertThat(String.join("", writers(applied))).matches("a{2}b{4}");
        assertThat(a.events.subList(aEventsBefore, a.events.size())).as("a's engine after waking")
                .noneMatch(e -> e instanceof RolloutEvent.Applied || e instanceof RolloutEvent.Stepped)
                .anyMatch(e -> e instanceof RolloutEvent.NotLeader || e instanceof RolloutEvent.Failed);
    }

    static void await(CountDownLatch latch, int seconds) {
        try {
            if (!latch.await(seconds, TimeUnit.SECONDS)) {
                throw new AssertionError("not woken within " + seconds + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
