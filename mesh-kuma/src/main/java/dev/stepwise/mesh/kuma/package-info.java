/**
 * Kuma: {@link dev.stepwise.mesh.kuma.KumaMeshRenderer} writes a canary split as a
 * {@code MeshHTTPRoute} (Kuma 2.14 or 3.0) or a legacy {@code TrafficRoute}, and reads it back.
 * Pair it with a {@link dev.stepwise.mesh.ManifestSink} in a {@link dev.stepwise.mesh.MeshTrafficRouter}.
 */
@NullMarked
package dev.stepwise.mesh.kuma;

import org.jspecify.annotations.NullMarked;
