/**
 * How the Kuma renderer writes and reads its route: one {@link dev.stepwise.mesh.kuma.internal.RouteFlavour}
 * per resource shape, each writing and reading its resource. Not API: may change in any release; use
 * {@link dev.stepwise.mesh.kuma.KumaMeshRenderer}.
 */
@NullMarked
package dev.stepwise.mesh.kuma.internal;

import org.jspecify.annotations.NullMarked;
