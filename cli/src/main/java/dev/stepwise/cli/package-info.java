/**
 * The {@code stepwise} command line: validate, plan, render and demo a rollout spec.
 */
@NullMarked
package dev.stepwise.cli;

import org.jspecify.annotations.NullMarked;
