/**
 * The Argo Rollouts importer: {@code argoproj.io/v1alpha1} {@code Rollout}s, with the
 * {@code AnalysisTemplate}s, {@code ClusterAnalysisTemplate}s, {@code Deployment}s and
 * {@code Service}s given alongside, become Stepwise specs; see {@link
 * dev.stepwise.importer.argo.ArgoImporter}.
 */
@NullMarked
package dev.stepwise.importer.argo;

import org.jspecify.annotations.NullMarked;
