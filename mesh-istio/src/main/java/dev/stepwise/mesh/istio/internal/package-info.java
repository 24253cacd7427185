/**
 * How the Istio renderer writes and reads its VirtualService and DestinationRule. Not API: may
 * change in any release; use {@link dev.stepwise.mesh.istio.IstioMeshRenderer}.
 */
@NullMarked
package dev.stepwise.mesh.istio.internal;

import org.jspecify.annotations.NullMarked;
