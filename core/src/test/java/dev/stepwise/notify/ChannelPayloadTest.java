package dev.stepwise.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Channels format a notification as a pure function, matching the golden payloads")
class ChannelPayloadTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The token of a Slack webhook's path: what must never be shown. */
    static final String SLACK_TOKEN = "q7Rk2mVw9ZcT4nHs8LbY3dFj";
    static final URI SLACK = URI.create("https://hooks.slack.com/services/T04ABCD12/B05EFGH34/" + SLACK_TOKEN);
    static final URI TEAMS = URI.create("https://example.webhook.office.com/webhookb2/abc@def/IncomingWebhook/t0ken/x");

    static final Notification HOLD = new Notification("test/podinfo", Instant.parse("2026-01-01T00:01:00Z"),
            Severity.WARN, "test/podinfo hold at 20% canary", "latency above 500ms",
            List.of(new Notification.Field("phase", "Progressing"), new Notification.Field("canary weight", "20%"),
                    new Notification.Field("request-duration", "Fail (612.0)")));

    static JsonNode golden(String name) throws IOException {
        try (InputStream in = ChannelPayloadTest.class.getResourceAsStream("/notify/" + name)) {
            return JSON.readTree(Objects.requireNonNull(in, name));
        }
    }

    @Test
    @DisplayName("Slack: a text line and one attachment coloured by severity, fields as short fields")
    void slack() throws IOException {
        String payload = new SlackChannel("chat", SLACK, Severity.INFO).payload(HOLD);
        assertThat(JSON.readTree(payload)).isEqualTo(golden("slack-warn.json"));
    }

    @Test
    @DisplayName("Teams: a message card with a theme colour by severity and the fields as facts")
    void teams() throws IOException {
        String payload = new TeamsChannel("teams", TEAMS, Severity.INFO).payload(HOLD);
        assertThat(JSON.readTree(payload)).isEqualTo(golden("teams-warn.json"));
    }

    @Test
    @DisplayName("generic webhook: rollout, severity, title, message, time and the fields as an object")
    void webhook() throws IOException {
        String payload = WebhookChannel.of("hook", URI.create("http://127.0.0.1:9/hook")).payload(HOLD);
        assertThat(JSON.readTree(payload)).isEqualTo(golden("webhook-warn.json"));
    }

    @ParameterizedTest(name = "{0}: Slack {1}, Teams {2}")
    @CsvSource({"INFO, good, 0076D7", "WARN, warning, FFA500", "ERROR, danger, FF0000"})
    @DisplayName("each severity has its colour in Slack and in Teams")
    void colours(Severity severity, String slack, String teams) {
        assertThat(SlackChannel.color(severity)).isEqualTo(slack);
        assertThat(TeamsChannel.color(severity)).isEqualTo(teams);
    }

    @Test
    @DisplayName("a channel's toString and its validation errors show the scheme and host, never the token")
    void addressNeverShown() {
        assertThat(new SlackChannel("chat", SLACK, Severity.WARN).toString())
                .isEqualTo("SlackChannel[chat, https://hooks.slack.com/***, minimum warn]").doesNotContain(SLACK_TOKEN);
        assertThat(new TeamsChannel("teams", TEAMS, Severity.ERROR).toString()).doesNotContain("t0ken").doesNotContain("abc");
        assertThatThrownBy(() -> new SlackChannel("chat", URI.create("ftp://hooks.slack.com/services/T/B/s3cr3t"), Severity.INFO))
                .hasMessageContaining("address").hasMessageContaining("http or https").hasMessageNotContaining("s3cr3t");
    }

    @Test
    @DisplayName("a suppressed count is told at the end of the message and as a field")
    void suppressedCount() {
        Notification told = HOLD.withSuppressed(3);
        assertThat(told.message()).isEqualTo("latency above 500ms (3 notifications suppressed by the rate limit)");
        assertThat(told.fields()).last().isEqualTo(new Notification.Field("suppressed", "3"));
        assertThat(HOLD.withSuppressed(0)).isSameAs(HOLD);
    }
}
