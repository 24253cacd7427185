/**
 * Keeping secrets out of what Stepwise shows: {@link dev.stepwise.secret.internal.RedactedUrl}
 * turns a URL into the form every message, log line and {@code toString} prints, and
 * {@link dev.stepwise.secret.internal.Secrets} removes known secrets from a text (a response
 * excerpt, a transport's error) before it is quoted. Shared by core, the Git and the Prometheus
 * adapters. Not API.
 */
@NullMarked
package dev.stepwise.secret.internal;

import org.jspecify.annotations.NullMarked;
