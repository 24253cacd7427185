/**
 * Mesh CRDs for tests: finds the CustomResourceDefinitions and validates rendered resources against their schemas.
 */
@NullMarked
package dev.stepwise.tck.crd;

import org.jspecify.annotations.NullMarked;
