package dev.stepwise.importer.argo;

import java.util.Optional;

/**
 * What translating one Rollout's parts needs besides the part itself.
 *
 * @param templates the analysis templates given alongside
 * @param analysis  the spec's rollout-wide analysis, filled as the parts are read
 * @param replicas  the workload's replicas, when known (the Rollout's own, or its Deployment's)
 */
record ImportContext(AnalysisTemplates templates, SpecAnalysis analysis, Optional<Integer> replicas) {
}
