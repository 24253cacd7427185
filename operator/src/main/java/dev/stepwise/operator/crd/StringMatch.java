package dev.stepwise.operator.crd;

/**
 * A condition on a header or cookie value: exactly one of {@code exact}, {@code prefix},
 * {@code regex} (a valid regular expression: the validator compiles it).
 *
 * @param exact  the whole value
 * @param prefix its start
 * @param regex  a regular expression it matches
 */
@FieldCount(min = 1, max = 1)
public record StringMatch(String exact, String prefix, String regex) {
}
