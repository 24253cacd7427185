/**
 * Notifications from a rollout's events to chat and webhooks, as Flagger's alerts:
 * {@link dev.stepwise.notify.Notifier} listens to the engine, turns each event worth telling into
 * a {@link dev.stepwise.notify.Notification} of a {@link dev.stepwise.notify.Severity}, and posts it,
 * off the engine's thread and rate-limited per rollout, to each
 * {@link dev.stepwise.notify.NotificationChannel} whose minimum severity it reaches: a generic JSON
 * webhook, Slack or Microsoft Teams. A channel's address is a secret and is never shown.
 */
@NullMarked
package dev.stepwise.notify;

import org.jspecify.annotations.NullMarked;
