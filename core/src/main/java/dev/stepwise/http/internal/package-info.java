/**
 * HTTP exchanges bounded in time and size, shared by every HTTP client Stepwise owns (webhooks,
 * the Prometheus adapter). Not API.
 */
@NullMarked
package dev.stepwise.http.internal;

import org.jspecify.annotations.NullMarked;
