package dev.stepwise.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.notify.internal.ChannelAddress;
import dev.stepwise.validation.InvalidValueException;
import java.net.URI;

/**
 * A Microsoft Teams incoming webhook, shaped as Flagger's Teams alerts: an Office 365 connector
 * message card with a theme colour by severity ({@code 0076D7} info, {@code FFA500} warn,
 * {@code FF0000} error) and one section whose facts are the fields:
 * <pre>{@code
 * {"@type": "MessageCard", "@context": "http://schema.org/extensions", "themeColor": "0076D7",
 *  "summary": "<title>", "sections": [{"activityTitle": "<title>", "activitySubtitle": "test/podinfo",
 *  "text": "<message>", "facts": [{"name": "...", "value": "..."}]}]}
 * }</pre>
 *
 * @param name    the channel's name
 * @param address the incoming webhook's URL; a secret (it carries the token), never shown
 * @param minimum the least severity sent
 */
public record TeamsChannel(String name, URI address, Severity minimum) implements NotificationChannel {

    private static final ObjectMapper JSON = new ObjectMapper();

    public TeamsChannel {
        InvalidValueException.requireNonNull("name", name);
        ChannelAddress.check("address", address);
        InvalidValueException.requireNonNull("minimum", minimum);
    }

    @Override
    public String payload(Notification notification) {
        return format(notification);
    }

    /** The payload for {@code notification}; pure. */
    public static String format(Notification notification) {
        ObjectNode card = JSON.createObjectNode();
        card.put("@type", "MessageCard");
        card.put("@context", "http://schema.org/extensions");
        card.put("themeColor", color(notification.severity()));
        card.put("summary", notification.title());
        ObjectNode section = card.putArray("sections").addObject();
        section.put("activityTitle", notification.title());
        section.put("activitySubtitle", notification.rollout());
        section.put("text", notification.message());
        ArrayNode facts = section.putArray("facts");
        notification.fields().forEach(field -> facts.addObject().put("name", field.name()).put("value", field.value()));
        return card.toString();
    }

    /** The card's theme colour for {@code severity}. */
    static String color(Severity severity) {
        return switch (severity) {
            case INFO -> "0076D7";
            case WARN -> "FFA500";
            case ERROR -> "FF0000";
        };
    }

    @Override
    public String toString() {
        return "TeamsChannel[" + name + ", " + ChannelAddress.shown(address) + ", minimum " + minimum + "]";
    }
}
