/**
 * Webhooks over HTTP: {@link dev.stepwise.webhook.HttpWebhookClient}, compatible with Flagger's
 * webhook payload, for gates, hooks, checks and the rollback trigger.
 */
@NullMarked
package dev.stepwise.webhook;

import org.jspecify.annotations.NullMarked;
