/**
 * Istio adapter: {@link dev.stepwise.mesh.istio.IstioMeshRenderer} routes a traffic split with a
 * {@code DestinationRule} (one subset per track) and the routes Stepwise manages inside a
 * {@code VirtualService}, leaving every other route and field of both resources to their owner.
 */
@NullMarked
package dev.stepwise.mesh.istio;

import org.jspecify.annotations.NullMarked;
