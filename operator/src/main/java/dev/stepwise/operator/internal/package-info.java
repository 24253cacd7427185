/**
 * How the controller routes state, projects status, takes commands and writes to the API server.
 * Not API: may change in any release.
 */
@NullMarked
package dev.stepwise.operator.internal;

import org.jspecify.annotations.NullMarked;
