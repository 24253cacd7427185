package dev.stepwise.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.notify.internal.ChannelAddress;
import dev.stepwise.validation.InvalidValueException;
import java.net.URI;

/**
 * A Slack incoming webhook, shaped as Flagger's Slack alerts: a {@code text} line and one
 * attachment coloured by severity ({@code good} for info, {@code warning}, {@code danger} for
 * error) with the rollout as author, the message as text and the fields as short fields:
 * <pre>{@code
 * {"username": "stepwise", "text": "<title>",
 *  "attachments": [{"color": "good", "author_name": "test/podinfo", "text": "<message>",
 *                   "mrkdwn_in": ["text"], "fields": [{"title": "...", "value": "...", "short": true}],
 *                   "ts": 1767225660}]}
 * }</pre>
 *
 * @param name     the channel's name
 * @param address  the incoming webhook's URL; a secret (its path is the token), never shown
 * @param minimum  the least severity sent
 * @param username the name the messages are posted as; default {@code stepwise}
 */
public record SlackChannel(String name, URI address, Severity minimum, String username) implements NotificationChannel {

    /** The default {@code username}. */
    public static final String DEFAULT_USERNAME = "stepwise";

    private static final ObjectMapper JSON = new ObjectMapper();

    public SlackChannel {
        InvalidValueException.requireNonNull("name", name);
        ChannelAddress.check("address", address);
        InvalidValueException.requireNonNull("minimum", minimum);
        InvalidValueException.requireNonNull("username", username);
    }

    /** A channel posting as {@value #DEFAULT_USERNAME}. */
    public SlackChannel(String name, URI address, Severity minimum) {
        this(name, address, minimum, DEFAULT_USERNAME);
    }

    @Override
    public String payload(Notification notification) {
        return format(notification, username);
    }

    /** The payload for {@code notification} posted as {@code username}; pure. */
    public static String format(Notification notification, String username) {
        ObjectNode body = JSON.createObjectNode();
        body.put("username", username);
        body.put("text", notification.title());
        ObjectNode attachment = body.putArray("attachments").addObject();
        attachment.put("color", color(notification.severity()));
        attachment.put("author_name", notification.rollout());
        attachment.put("text", notification.message());
        attachment.putArray("mrkdwn_in").add("text");
        ArrayNode fields = attachment.putArray("fields");
        notification.fields().forEach(field -> fields.addObject()
                .put("title", field.name()).put("value", field.value()).put("short", true));
        attachment.put("ts", notification.at().getEpochSecond());
        return body.toString();
    }

    /** Slack's attachment colour for {@code severity}. */
    static String color(Severity severity) {
        return switch (severity) {
            case INFO -> "good";
            case WARN -> "warning";
            case ERROR -> "danger";
        };
    }

    @Override
    public String toString() {
        return "SlackChannel[" + name + ", " + ChannelAddress.shown(address) + ", minimum " + minimum + "]";
    }
}
