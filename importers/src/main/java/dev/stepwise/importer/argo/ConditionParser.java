package dev.stepwise.importer.argo;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the small subset of Argo Rollouts' condition expressions that is a threshold range on
 * one measured value, and nothing else:
 *
 * <pre>
 * condition  := clause ( "&amp;&amp;" clause )*
 * clause     := "len(result) &gt; 0" | "len(result) &gt;= 1"          (a guard against no data)
 *             | value op number | number op value
 * value      := "result[0]" | "result"
 * op         := "&gt;=" | "&gt;" | "&lt;=" | "&lt;" | "=="
 * </pre>
 *
 * Spaces are free. Anything else ({@code ||}, {@code !}, functions such as {@code isNaN},
 * another index, another variable) is {@link Unsupported}, naming what was not understood, so the
 * caller reports the condition with its text rather than guessing.
 */
final class ConditionParser {

    /** What a condition reads as. */
    sealed interface Result permits Range, Unsupported {
    }

    /** The condition accepts exactly the values in {@code range}. */
    record Range(ThresholdCondition range) implements Result {
    }

    /** The condition is outside the subset; {@code reason} says where. */
    record Unsupported(String reason) implements Result {
    }

    private static final String NUMBER = "[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?";
    private static final String VALUE = "result(?:\\[\\s*0\\s*\\])?";
    private static final String OP = ">=|<=|==|>|<";
    private static final Pattern GUARD = Pattern.compile("len\\(\\s*result\\s*\\)\\s*(?:>\\s*0|>=\\s*1)");
    private static final Pattern VALUE_FIRST = Pattern.compile("(" + VALUE + ")\\s*(" + OP + ")\\s*(" + NUMBER + ")");
    private static final Pattern NUMBER_FIRST = Pattern.compile("(" + NUMBER + ")\\s*(" + OP + ")\\s*(" + VALUE + ")");

    private ConditionParser() {
    }

    static Result parse(String condition) {
        String text = condition.strip();
        if (text.isEmpty()) {
            return new Unsupported("it is empty");
        }
        ThresholdCondition range = ThresholdCondition.ANY;
        boolean compared = false;
        for (String part : text.split("&&", -1)) {
            String clause = part.strip();
            if (GUARD.matcher(clause).matches()) {
                continue;
            }
            Optional<ThresholdCondition> read = comparison(clause);
            if (read.isEmpty()) {
                return new Unsupported("\"" + clause + "\" is not a comparison of result[0] with a number");
            }
            range = range.and(read.get());
            compared = true;
        }
        if (!compared) {
            return new Unsupported("it compares no value with a number");
        }
        if (range.empty()) {
            return new Unsupported("no value satisfies it");
        }
        return new Range(range);
    }

    private static Optional<ThresholdCondition> comparison(String clause) {
        Matcher valueFirst = VALUE_FIRST.matcher(clause);
        if (valueFirst.matches()) {
            return Optional.of(bound(valueFirst.group(2), Double.parseDouble(valueFirst.group(3))));
        }
        Matcher numberFirst = NUMBER_FIRST.matcher(clause);
        if (numberFirst.matches()) {
            return Optional.of(bound(mirror(numberFirst.group(2)), Double.parseDouble(numberFirst.group(1))));
        }
        return Optional.empty();
    }

    /** {@code value op number}. */
    private static ThresholdCondition bound(String op, double number) {
        Optional<ThresholdCondition.Bound> none = Optional.empty();
        return switch (op) {
            case ">=" -> new ThresholdCondition(Optional.of(new ThresholdCondition.Bound(number, true)), none);
            case ">" -> new ThresholdCondition(Optional.of(new ThresholdCondition.Bound(number, false)), none);
            case "<=" -> new ThresholdCondition(none, Optional.of(new ThresholdCondition.Bound(number, true)));
            case "<" -> new ThresholdCondition(none, Optional.of(new ThresholdCondition.Bound(number, false)));
            default -> new ThresholdCondition(Optional.of(new ThresholdCondition.Bound(number, true)),
                    Optional.of(new ThresholdCondition.Bound(number, true)));
        };
    }

    /** {@code number op value} is {@code value mirror(op) number}. */
    private static String mirror(String op) {
        return switch (op) {
            case ">=" -> "<=";
            case ">" -> "<";
            case "<=" -> ">=";
            case "<" -> ">";
            default -> op;
        };
    }
}
