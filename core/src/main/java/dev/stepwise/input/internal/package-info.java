/**
 * The one place every document passes through before it becomes a tree: regular files only, a
 * size checked before reading, parser limits while reading. Not API.
 */
@NullMarked
package dev.stepwise.input.internal;

import org.jspecify.annotations.NullMarked;
