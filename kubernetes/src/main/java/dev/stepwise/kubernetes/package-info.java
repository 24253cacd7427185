/**
 * Stepwise on the Kubernetes API server, through fabric8's client: a
 * {@link dev.stepwise.kubernetes.KubernetesManifestSink} writing mesh resources with
 * compare-and-set, a {@link dev.stepwise.kubernetes.DeploymentWorkload} of Flagger-named
 * Deployments, a {@link dev.stepwise.kubernetes.TrackBootstrap} creating (or requiring) them and the
 * track Services, and a {@link dev.stepwise.kubernetes.ConfigMapStateStore}. Everything in the
 * {@code internal} package may change without notice.
 */
@NullMarked
package dev.stepwise.kubernetes;

import org.jspecify.annotations.NullMarked;
