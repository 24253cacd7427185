package dev.stepwise.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.Backoff;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Notifier: events to channels over real HTTP, off the engine's thread, rate-limited, secrets hidden")
class NotifierTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String ID = "test/podinfo";

    static Notifier.Builder notifier() {
        return Notifier.builder().sleeper(wait -> { }).backoff(Backoff.doubling(Duration.ofMillis(10), 3))
                .timeout(Duration.ofSeconds(5));
    }

    static RolloutEvent.Failed failed(Instant at, int attempt) {
        return new RolloutEvent.Failed(ID, at, attempt, "router refused the split", Duration.ofSeconds(10));
    }

    @Test
    @DisplayName("a receiver answering 500 then 200 is retried and the notification delivered once")
    void retriesAfterServerError() throws IOException {
        try (LocalReceiver receiver = new LocalReceiver(n -> n == 1 ? 500 : 200)) {
            Notifier notifier = notifier().channel(WebhookChannel.of("hook", receiver.address("/hook"))).build();
            notifier.onEvent(new RolloutEvent.Ended(ID, T0, Phase.SUCCEEDED));
            assertThat(notifier.closeAndWait()).isTrue();

            assertThat(receiver.requests()).isEqualTo(2);
            assertThat(notifier.stats()).isEqualTo(new Notifier.Stats(1, 0, 0, 0));
            JsonNode body = JSON.readTree(receiver.bodies().get(1));
            assertThat(body.get("severity").asText()).isEqualTo("info");
            assertThat(body.get("title").asText()).isEqualTo("test/podinfo Succeeded");
        }
    }

    @Test
    @DisplayName("each channel gets only what reaches its minimum severity")
    void severityFilter() throws IOException {
        try (LocalReceiver slack = LocalReceiver.ok(); LocalReceiver teams = LocalReceiver.ok()) {
            Notifier notifier = notifier().channel(new SlackChannel("chat", slack.address("/slack"), Severity.WARN))
                    .channel(new TeamsChannel("teams", teams.address("/teams"), Severity.ERROR)).build();
            notifier.onEvent(new RolloutEvent.Verified(ID, T0, dev.stepwise.traffic.TrafficSplit.canary(10)));
            notifier.onEvent(failed(T0, 1));
            notifier.onEvent(new RolloutEvent.Ended(ID, T0.plusSeconds(60), Phase.ROLLED_BACK));
            assertThat(notifier.closeAndWait()).isTrue();

            assertThat(slack.bodies()).hasSize(2).anySatisfy(body ->
                    assertThat(JSON.readTree(body).at("/attachments/0/color").asText()).isEqualTo("warning"));
            assertThat(teams.bodies()).singleElement()
                    .satisfies(body -> assertThat(JSON.readTree(body).get("themeColor").asText()).isEqualTo("FF0000"));
        }
    }

    @Test
    @DisplayName("a flapping rollout is rate-limited per channel and the next notification through tells how many were suppressed")
    void rateLimited() throws IOException {
        try (LocalReceiver receiver = LocalReceiver.ok()) {
            Notifier notifier = notifier().rateLimit(new RateLimit(2, Duration.ofMinutes(1)))
                    .channel(WebhookChannel.of("hook", receiver.address("/hook"))).threads(1).build();
            for (int attempt = 1; attempt <= 5; attempt++) {
                notifier.onEvent(failed(T0.plusSeconds(attempt), attempt));
            }
            notifier.onEvent(failed(T0.plusSeconds(70), 6));
            assertThat(notifier.closeAndWait()).isTrue();

            List<String> bodies = receiver.bodies();
            assertThat(bodies).hasSize(3);
            assertThat(notifier.stats()).isEqualTo(new Notifier.Stats(3, 0, 3, 0));
            JsonNode last = JSON.readTree(bodies.get(2));
            assertThat(last.get("title").asText()).isEqualTo("test/podinfo reconcile failed (attempt 6)");
            assertThat(last.get("message").asText()).endsWith("(3 notifications suppressed by the rate limit)");
            assertThat(last.at("/fields/suppressed").asText()).isEqualTo("3");
        }
    }

    @Test
    @DisplayName("a rollout's end is told even when its bucket is empty")
    void endAlwaysTold() throws IOException {
        try (LocalReceiver receiver = LocalReceiver.ok()) {
            Notifier notifier = notifier().rateLimit(new RateLimit(1, Duration.ofHours(1)))
                    .channel(WebhookChannel.of("hook", receiver.address("/hook"))).threads(1).build();
            notifier.onEvent(failed(T0, 1));
            notifier.onEvent(failed(T0, 2));
            notifier.onEvent(new RolloutEvent.Ended(ID, T0, Phase.ABORTED));
            assertThat(notifier.closeAndWait()).isTrue();

            assertThat(receiver.bodies()).hasSize(2);
            assertThat(JSON.readTree(receiver.bodies().get(1)).get("message").asText())
                    .isEqualTo("1 notification suppressed by the rate limit");
        }
    }

    @Test
    @DisplayName("an undeliverable notification is a WARN line and a count; the address is in no log, toString or payload")
    void failureNeverShowsTheAddress() throws IOException {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (LocalReceiver receiver = new LocalReceiver(n -> 503)) {
            SlackChannel channel = new SlackChannel("chat", receiver.address("/services"), Severity.INFO);
            Notifier notifier = notifier().channel(channel).build();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            notifier.onEvent(new RolloutEvent.Conflicted(ID, T0, "apps/podinfo/vs.yaml",
                    "changed by someone posting to " + channel.address()));
            assertThat(notifier.closeAndWait()).isTrue();
            System.setErr(original);

            String log = captured.toString(StandardCharsets.UTF_8);
            assertThat(receiver.requests()).isEqualTo(3);
            assertThat(notifier.stats()).isEqualTo(new Notifier.Stats(0, 1, 0, 0));
            assertThat(log).contains("WARN").contains("channel chat not delivered after 3 attempts: HTTP 503");
            for (String shown : List.of(log, notifier.toString(), channel.toString(), receiver.bodies().get(0))) {
                assertThat(shown).doesNotContain("s3cretT0ken").doesNotContain("qwerty123");
            }
            assertThat(receiver.bodies().get(0)).contains("changed by someone posting to ***");
        } finally {
            System.setErr(original);
        }
    }

    @Test
    @DisplayName("onEvent returns while the receiver is still answering: posting never blocks the engine's thread")
    void neverBlocks() throws Exception {
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        try (LocalReceiver receiver = new LocalReceiver(n -> {
            try {
                return answer.await(10, java.util.concurrent.TimeUnit.SECONDS) ? 200 : 500;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 500;
            }
        })) {
            Notifier notifier = notifier().channel(WebhookChannel.of("hook", receiver.address("/hook"))).build();
            notifier.onEvent(failed(T0, 1));
            notifier.onEvent(failed(T0, 2));
            assertThat(notifier.stats().sent()).isZero();
            answer.countDown();
            assertThat(notifier.closeAndWait()).isTrue();
            assertThat(notifier.stats()).isEqualTo(new Notifier.Stats(2, 0, 0, 0));
        }
    }

    @Test
    @DisplayName("a channel that cannot format its payload counts a failure and the others still get theirs")
    void brokenChannel() throws IOException {
        try (LocalReceiver receiver = LocalReceiver.ok()) {
            NotificationChannel broken = new NotificationChannel() {
                @Override public String name() { return "broken"; }
                @Override public Severity minimum() { return Severity.INFO; }
                @Override public java.net.URI address() { return receiver.address("/broken"); }
                @Override public String payload(Notification notification) { throw new IllegalStateException("no template"); }
            };
            Notifier notifier = notifier().channel(broken).channel(WebhookChannel.of("hook", receiver.address("/hook"))).build();
            notifier.onEvent(failed(T0, 1));
            assertThat(notifier.closeAndWait()).isTrue();
            assertThat(notifier.stats()).isEqualTo(new Notifier.Stats(1, 1, 0, 0));
            assertThat(receiver.requests()).isEqualTo(1);
        }
    }
}
