package dev.stepwise.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.notify.internal.ChannelAddress;
import dev.stepwise.validation.InvalidValueException;
import java.net.URI;

/**
 * A generic JSON webhook. The payload, fields in this order:
 * <pre>{@code
 * {"rollout": "test/podinfo", "severity": "info", "title": "...", "message": "...",
 *  "at": "2026-01-01T00:01:00Z", "fields": {"canary weight": "20%", ...}}
 * }</pre>
 *
 * @param name    the channel's name
 * @param address where to post; a secret, never shown (see {@link NotificationChannel})
 * @param minimum the least severity sent
 */
public record WebhookChannel(String name, URI address, Severity minimum) implements NotificationChannel {

    private static final ObjectMapper JSON = new ObjectMapper();

    public WebhookChannel {
        InvalidValueException.requireNonNull("name", name);
        ChannelAddress.check("address", address);
        InvalidValueException.requireNonNull("minimum", minimum);
    }

    /** A channel receiving every notification ({@link Severity#INFO} and above). */
    public static WebhookChannel of(String name, URI address) {
        return new WebhookChannel(name, address, Severity.INFO);
    }

    @Override
    public String payload(Notification notification) {
        return format(notification);
    }

    /** The payload for {@code notification}; pure. */
    public static String format(Notification notification) {
        ObjectNode body = JSON.createObjectNode();
        body.put("rollout", notification.rollout());
        body.put("severity", notification.severity().label());
        body.put("title", notification.title());
        body.put("message", notification.message());
        body.put("at", notification.at().toString());
        ObjectNode fields = body.putObject("fields");
        notification.fields().forEach(field -> fields.put(field.name(), field.value()));
        return body.toString();
    }

    @Override
    public String toString() {
        return "WebhookChannel[" + name + ", " + ChannelAddress.shown(address) + ", minimum " + minimum + "]";
    }
}
