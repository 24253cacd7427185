/**
 * The {@code Rollout} CRD's model: Jackson-shaped records mirroring the spec document field by
 * field, with the ranges, patterns and required fields the spec reader checks, from which
 * fabric8's CRD generator writes {@code deploy/crd.yaml}. Nothing reads a resource through these
 * classes: the controller reads the spec with the spec reader ({@link dev.stepwise.spec.RolloutSpec});
 * the schema lets the API server refuse a malformed resource at {@code kubectl apply}.
 */
@NullMarked
package dev.stepwise.operator.crd;

import org.jspecify.annotations.NullMarked;
