/** The notifier's delivery and rate limiting. Not API. */
@NullMarked
package dev.stepwise.notify.internal;

import org.jspecify.annotations.NullMarked;
