/**
 * Testing Stepwise without a cluster: simulated services and metrics, in-memory adapters, a
 * virtual clock and the compatibility kits.
 */
@NullMarked
package dev.stepwise.testkit;

import org.jspecify.annotations.NullMarked;
