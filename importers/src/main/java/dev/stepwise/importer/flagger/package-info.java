/**
 * The Flagger import: a {@code flagger.app/v1beta1} {@code Canary}, with the {@code MetricTemplate}s
 * given alongside, becomes a Stepwise spec. {@link dev.stepwise.importer.flagger.FlaggerImporter}
 * is the entry point; each other class translates one section of the Canary.
 */
@NullMarked
package dev.stepwise.importer.flagger;

import org.jspecify.annotations.NullMarked;
