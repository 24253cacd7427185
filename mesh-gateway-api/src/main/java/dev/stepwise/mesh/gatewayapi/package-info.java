/**
 * Gateway API traffic routing: {@link dev.stepwise.mesh.gatewayapi.GatewayApiMeshRenderer} writes a
 * {@link dev.stepwise.traffic.TrafficSplit} as named rules of an {@code HTTPRoute}
 * ({@code gateway.networking.k8s.io/v1}, standard channel), in GAMMA mesh mode or through
 * {@link dev.stepwise.mesh.gatewayapi.GatewayRef Gateways}, and reads it back. Pure: pair it with a
 * {@link dev.stepwise.mesh.ManifestSink} in a {@link dev.stepwise.mesh.MeshTrafficRouter}.
 */
@NullMarked
package dev.stepwise.mesh.gatewayapi;

import org.jspecify.annotations.NullMarked;
