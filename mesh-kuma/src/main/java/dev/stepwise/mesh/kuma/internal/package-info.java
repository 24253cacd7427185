/**
 * How the Kuma renderer writes and reads MeshHTTPRoute and TrafficRoute resources. Not API: may change in any release.
 */
@NullMarked
package dev.stepwise.mesh.kuma.internal;

import org.jspecify.annotations.NullMarked;
