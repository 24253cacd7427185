/**
 * How the Gateway API renderer writes and reads HTTPRoute rules. Not API: may change in any release.
 */
@NullMarked
package dev.stepwise.mesh.gatewayapi.internal;

import org.jspecify.annotations.NullMarked;
