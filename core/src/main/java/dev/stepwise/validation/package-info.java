/**
 * Errors that name what is wrong: {@link dev.stepwise.validation.InvalidValueException} for one
 * value, {@link dev.stepwise.validation.InvalidConfigException} listing every
 * {@link dev.stepwise.validation.Problem} of a configuration or spec with its path.
 */
@NullMarked
package dev.stepwise.validation;

import org.jspecify.annotations.NullMarked;
