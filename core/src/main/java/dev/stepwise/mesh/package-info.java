/**
 * Mesh adapters' common part: a pure {@link dev.stepwise.mesh.MeshRenderer} turns a traffic split
 * into a mesh's resources ({@link dev.stepwise.mesh.Manifest}s) and back; a
 * {@link dev.stepwise.mesh.ManifestSink} stores them (API server or Git); a
 * {@link dev.stepwise.mesh.MeshTrafficRouter} is the two together.
 */
@NullMarked
package dev.stepwise.mesh;

import org.jspecify.annotations.NullMarked;
