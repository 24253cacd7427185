package dev.stepwise.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.spi.LeadershipTerm;
import dev.stepwise.tck.PausableExecutor;
import dev.stepwise.validation.InvalidValueException;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Leadership on a Kubernetes Lease, on the mock API server in CRUD mode, with a lease of 3 s (short,
 * yet long enough for renewals through a mock server on a loaded build machine).
 */
@EnableKubernetesMockClient(crud = true)
@DisplayName("LeaseLeadership")
class LeaseLeadershipTest {

    static final Duration LEASE = Duration.ofSeconds(3);
    static final Duration RENEW_DEADLINE = Duration.ofSeconds(2);
    static final Duration RETRY = Duration.ofMillis(200);

    KubernetesClient client;

    LeaseLeadership candidate(String identity) {
        return LeaseLeadership.builder(client, "test", "stepwise-engine").identity(identity)
                .leaseDuration(LEASE).renewDeadline(RENEW_DEADLINE).retryPeriod(RETRY)
                .build();
    }

    static CountDownLatch leads(LeaseLeadership leadership) {
        CountDownLatch latch = new CountDownLatch(1);
        leadership.listen(term -> {
            if (term.leading()) {
                latch.countDown();
            }
        });
        return latch;
    }

    @Test
    @DisplayName("has Flagger's and controller-runtime's defaults: lease 15 s, renew deadline 10 s, retry 2 s, identity host-uuid")
    void defaults() {
        LeaseLeadershipBuilder builder = LeaseLeadership.builder(client, "test", "stepwise-engine");

        assertThat(builder.leaseDuration).isEqualTo(Duration.ofSeconds(15));
        assertThat(builder.renewDeadline).isEqualTo(Duration.ofSeconds(10));
        assertThat(builder.retryPeriod).isEqualTo(Duration.ofSeconds(2));
        assertThat(builder.identity).matches(".+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(builder.build().current()).isInstanceOf(LeadershipTerm.Following.class);
    }

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                Arguments.of(Duration.ofMillis(100), Duration.ofMillis(60), Duration.ofMillis(10), "leaseDuration",
                        "leaseDuration: 100ms must be between 500ms and 1h"),
                Arguments.of(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofMinutes(2), "retryPeriod",
                        "retryPeriod: 2m must be between 10ms and 1m"),
                Arguments.of(Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(2), "renewDeadline",
                        "renewDeadline: 15s must be at least 2s400ms (1.2 × retryPeriod) and less than 15s (leaseDuration)"),
                Arguments.of(Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofSeconds(2), "renewDeadline",
                        "renewDeadline: 2s must be at least 2s400ms (1.2 × retryPeriod) and less than 15s (leaseDuration)"));
    }

    @ParameterizedTest(name = "{3}: {4}")
    @MethodSource("outOfRange")
    @DisplayName("refuses durations out of range, naming the field and the range")
    void refusesOutOfRange(Duration lease, Duration renew, Duration retry, String field, String message) {
        LeaseLeadershipBuilder builder = LeaseLeadership.builder(client, "test", "stepwise-engine").leaseDuration(lease)
                .renewDeadline(renew).retryPeriod(retry);

        assertThatThrownBy(builder::build).isInstanceOf(InvalidValueException.class).hasMessageContaining(message)
                .extracting(e -> ((InvalidValueException) e).field()).isEqualTo(field);
    }

    @Test
    @DisplayName("lets one of two candidates lead; when it stops, the other leads at a greater epoch")
    void oneLeadsThenTheOther() throws InterruptedException {
        try (LeaseLeadership a = candidate("a"); LeaseLeadership b = candidate("b")) {
            CountDownLatch aLeads = leads(a);
            CountDownLatch bLeads = leads(b);
            a.start();
            assertThat(aLeads.await(15, TimeUnit.SECONDS)).as("a leads within 15 s").isTrue();
            b.start();

            LeadershipTerm.Leading first = (LeadershipTerm.Leading) a.current();
            assertThat(first.identity()).isEqualTo("a");
            assertThat(first.lease()).isEqualTo("test/stepwise-engine");
            assertThat(b.current()).isInstanceOf(LeadershipTerm.Following.class);

            a.stop();
            assertThat(a.current().leading()).as("a stops leading at once").isFalse();
            assertThat(bLeads.await(15, TimeUnit.SECONDS)).as("b leads within 15 s").isTrue();
            LeadershipTerm.Leading second = (LeadershipTerm.Leading) b.current();

            assertThat(second.epoch()).isGreaterThan(first.epoch());
            Lease lease = client.leases().inNamespace("test").withName("stepwise-engine").get();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("b");
            assertThat(lease.getSpec().getLeaseTransitions() + 1L).isEqualTo(second.epoch());
        }
    }

    @Test
    @DisplayName("counts itself deposed once the renew deadline passed without a renewal, before its elector notices")
    void lapsesByTheClock() throws InterruptedException {
        try (PausableExecutor elector = new PausableExecutor();
             LeaseLeadership a = LeaseLeadership.builder(client, "test", "stepwise-engine").identity("a")
                     .leaseDuration(LEASE).renewDeadline(RENEW_DEADLINE).retryPeriod(RETRY).executor(elector).build()) {
            CountDownLatch aLeads = leads(a);
            a.start();
            assertThat(aLeads.await(15, TimeUnit.SECONDS)).isTrue();
            CountDownLatch deposed = new CountDownLatch(1);
            a.listen(term -> {
                if (!term.leading()) {
                    deposed.countDown();
                }
            });

            elector.pause();
            // the renew deadline passes with no renewal: no callback can come, the clock alone decides
            assertThat(deposed.await(RENEW_DEADLINE.toMillis() + 500, TimeUnit.MILLISECONDS)).as("no callback while paused")
                    .isFalse();

            assertThat(a.current()).isInstanceOf(LeadershipTerm.Following.class)
                    .hasToString("not the leader (lease test/stepwise-engine not held by this process since "
                            + ((LeadershipTerm.Following) a.current()).since() + ")");
            elector.resume();
        }
    }
}
