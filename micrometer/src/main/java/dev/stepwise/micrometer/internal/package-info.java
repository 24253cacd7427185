/** Not API: the meters of one rollout, and how an error's text is classified into a kind. */
@NullMarked
package dev.stepwise.micrometer.internal;

import org.jspecify.annotations.NullMarked;
