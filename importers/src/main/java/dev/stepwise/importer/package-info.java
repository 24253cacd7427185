/**
 * Importers: Flagger {@code Canary} and Argo Rollouts {@code Rollout} manifests, read unchanged
 * (with the {@code MetricTemplate}s, {@code AnalysisTemplate}s and {@code ClusterAnalysisTemplate}s
 * given alongside), become a Stepwise spec plus a field-by-field report of what differs.
 *
 * <p>An importer never decides on its own what a rollout means: it writes a spec document, and
 * that document is read by {@link dev.stepwise.spec.RolloutSpec}'s reader like any file a person
 * wrote, so the spec stays the one truth. Whatever has no equivalent is an {@link
 * dev.stepwise.importer.ImportFinding} with the path of the field in the source manifest: a
 * {@link dev.stepwise.importer.ImportFinding.Severity#WARNING warning} when the imported rollout
 * behaves differently, an {@link dev.stepwise.importer.ImportFinding.Severity#ERROR error} when it
 * cannot run. Nothing is dropped silently.
 */
@NullMarked
package dev.stepwise.importer;

import org.jspecify.annotations.NullMarked;
