/**
 * Webhooks over HTTP: {@link dev.stepwise.webhook.HttpWebhookClient}, compatible with Flagger's
 * webhook payload, for gates, hooks, checks and the rollback trigger.
 */
package dev.stepwise.webhook;
