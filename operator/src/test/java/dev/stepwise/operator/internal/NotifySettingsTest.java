package dev.stepwise.operator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.notify.NotificationChannel;
import dev.stepwise.notify.Severity;
import dev.stepwise.notify.SlackChannel;
import dev.stepwise.notify.TeamsChannel;
import dev.stepwise.notify.WebhookChannel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The controller's notification settings")
class NotifySettingsTest {

    static final String SLACK_TOKEN = "T0ABCDEF1/B0GHIJKL2/q8Wk3Zr5Lm9Xv2Np7Ts4Yb6C";
    static final String SLACK_URL = "https://hooks.slack.com/services/" + SLACK_TOKEN;

    @Test
    @DisplayName("none set: no channel")
    void noneSet() {
        assertThat(NotifySettings.channels(Map.of())).isEmpty();
    }

    @Test
    @DisplayName("each variable set is a channel of its format, at the minimum severity given (info by default)")
    void eachVariableAChannel() {
        List<NotificationChannel> channels = NotifySettings.channels(Map.of(NotifySettings.WEBHOOK, "https://hooks.example.com/stepwise",
                NotifySettings.SLACK, SLACK_URL, NotifySettings.TEAMS, "https://example.webhook.office.com/webhookb2/abc",
                NotifySettings.MINIMUM, "warn"));

        assertThat(channels).hasSize(3);
        assertThat(channels.get(0)).isInstanceOf(WebhookChannel.class);
        assertThat(channels.get(1)).isInstanceOf(SlackChannel.class);
        assertThat(channels.get(2)).isInstanceOf(TeamsChannel.class);
        assertThat(((SlackChannel) channels.get(1)).minimum()).isEqualTo(Severity.WARN);
        assertThat(NotifySettings.channels(Map.of(NotifySettings.SLACK, SLACK_URL)).get(0))
                .extracting(c -> ((SlackChannel) c).minimum()).isEqualTo(Severity.INFO);
        assertThat(channels.toString()).as("what Main logs").doesNotContain(SLACK_TOKEN).contains("hooks.slack.com");
    }

    @Test
    @DisplayName("a bad value is refused naming the variable, never quoting the URL")
    void refusals() {
        assertThatThrownBy(() -> NotifySettings.channels(Map.of(NotifySettings.SLACK, "ftp://hooks.slack.com/services/" + SLACK_TOKEN)))
                .hasMessageContaining(NotifySettings.SLACK).hasMessageContaining("http or https")
                .hasMessageNotContaining(SLACK_TOKEN);
        assertThatThrownBy(() -> NotifySettings.channels(Map.of(NotifySettings.TEAMS, "https://exa mple/" + SLACK_TOKEN)))
                .hasMessageContaining(NotifySettings.TEAMS).hasMessageNotContaining(SLACK_TOKEN);
        assertThatThrownBy(() -> NotifySettings.channels(Map.of(NotifySettings.MINIMUM, "debug")))
                .hasMessageContaining(NotifySettings.MINIMUM).hasMessageContaining("info, warn or error");
    }
}
