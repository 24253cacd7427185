package dev.stepwise.operator.internal;

import dev.stepwise.notify.NotificationChannel;
import dev.stepwise.notify.Severity;
import dev.stepwise.notify.SlackChannel;
import dev.stepwise.notify.TeamsChannel;
import dev.stepwise.notify.WebhookChannel;
import dev.stepwise.validation.InvalidValueException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The notification channels the controller's {@code Main} sends the engine's events to, read from
 * the environment only (a chat webhook's URL carries its token, and arguments show in {@code ps}):
 * {@value #WEBHOOK} (the generic JSON webhook), {@value #SLACK} (a Slack incoming webhook), {@value #TEAMS}
 * (a Microsoft Teams incoming webhook), each optional, and {@value #MINIMUM} ({@code info}, the default,
 * {@code warn} or {@code error}), the least severity sent. Mount them from a Secret. Each channel is
 * rate-limited per rollout by the {@code Notifier} (its defaults). No URL is ever quoted in an error
 * or a log line.
 */
public final class NotifySettings {

    /** The generic webhook's URL. */
    public static final String WEBHOOK = "STEPWISE_NOTIFY_WEBHOOK_URL";
    /** The Slack incoming webhook's URL. */
    public static final String SLACK = "STEPWISE_NOTIFY_SLACK_URL";
    /** The Microsoft Teams incoming webhook's URL. */
    public static final String TEAMS = "STEPWISE_NOTIFY_TEAMS_URL";
    /** The least severity sent. */
    public static final String MINIMUM = "STEPWISE_NOTIFY_MINIMUM";

    private NotifySettings() {
    }

    /**
     * The channels the environment names, in the order webhook, Slack, Teams; empty when none is set.
     *
     * @throws InvalidValueException naming the variable and what is allowed, never quoting a URL
     */
    public static List<NotificationChannel> channels(Map<String, String> env) {
        Severity minimum = minimum(env.getOrDefault(MINIMUM, "info"));
        List<NotificationChannel> channels = new ArrayList<>();
        address(env, WEBHOOK).ifPresent(a -> channels.add(new WebhookChannel("webhook", a, minimum)));
        address(env, SLACK).ifPresent(a -> channels.add(new SlackChannel("slack", a, minimum)));
        address(env, TEAMS).ifPresent(a -> channels.add(new TeamsChannel("teams", a, minimum)));
        return List.copyOf(channels);
    }

    private static Severity minimum(String value) {
        for (Severity s : Severity.values()) {
            if (s.label().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new InvalidValueException(MINIMUM, value, "must be info, warn or error");
    }

    private static java.util.Optional<URI> address(Map<String, String> env, String variable) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(dev.stepwise.notify.internal.ChannelAddress.check(variable, new URI(value.strip())));
        } catch (URISyntaxException e) {
            throw new InvalidValueException(variable, "(not shown)", "must be an absolute http or https URL with a host");
        }
    }
}
