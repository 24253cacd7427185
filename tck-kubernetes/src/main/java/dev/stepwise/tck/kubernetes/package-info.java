/**
 * The compatibility kits that need a Kubernetes API server: a traffic router on fabric8's CRUD mock
 * server with the meshes' real CRDs registered, and a whole rollout end to end through it.
 */
@NullMarked
package dev.stepwise.tck.kubernetes;

import org.jspecify.annotations.NullMarked;
