package dev.stepwise.operator.crd;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How many of an object's fields may be set: written to the CRD as {@code minProperties} and
 * {@code maxProperties} (fabric8's generator has no annotation for them; the CRD's generation
 * adds them from this one). {@code @FieldCount(min = 1, max = 1)} is "exactly one of".
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface FieldCount {

    /** The fewest fields, 0 by default. */
    int min() default 0;

    /** The most fields; -1 (the default) for no limit. */
    int max() default -1;
}
