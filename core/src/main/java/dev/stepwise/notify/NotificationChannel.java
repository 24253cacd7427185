package dev.stepwise.notify;

import java.net.URI;

/**
 * Where notifications go and in which shape: a name, the least severity it receives, the address
 * a JSON payload is posted to, and how a notification becomes that payload.
 *
 * <p><b>The address is a secret.</b> Slack's and Teams' incoming-webhook URLs carry their token
 * in the path: an implementation's {@code toString} shows the scheme and host only, and the
 * {@link Notifier} never logs it, never quotes it in a message and never puts it in a payload.
 */
public interface NotificationChannel {

    /** The channel's name, shown in logs and counts, e.g. {@code team-chat}. */
    String name();

    /** The least severity this channel receives. */
    Severity minimum();

    /** Where the payload is posted; a secret, see the type's contract. */
    URI address();

    /** The JSON payload telling {@code notification}; a pure function of it. */
    String payload(Notification notification);

    /** Whether this channel receives {@code notification}: its severity reaches {@link #minimum()}. */
    default boolean accepts(Notification notification) {
        return notification.severity().atLeast(minimum());
    }
}
