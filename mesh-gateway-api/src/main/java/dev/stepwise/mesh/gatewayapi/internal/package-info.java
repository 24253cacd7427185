/**
 * How the Gateway API renderer writes and reads HTTPRoute rules, and checks its builder's settings.
 * Not API: may change in any release; use {@link dev.stepwise.mesh.gatewayapi.GatewayApiMeshRenderer}.
 */
@NullMarked
package dev.stepwise.mesh.gatewayapi.internal;

import org.jspecify.annotations.NullMarked;
