/**
 * The compatibility kits (the TCK): abstract JUnit 5 test classes an adapter extends with one small
 * class to prove it keeps its SPI's contract — state stores, metric sources, traffic routers, mesh
 * renderers (checked against the meshes' real CRD schemas) and Git backends — and strategies
 * ({@link dev.stepwise.tck.StrategyCompatibilityKit}).
 */
@NullMarked
package dev.stepwise.tck;

import org.jspecify.annotations.NullMarked;
