/** Discovery of the launch providers; not API. */
@NullMarked
package dev.stepwise.launch.internal;

import org.jspecify.annotations.NullMarked;
