package dev.stepwise.cli;

import dev.stepwise.strategy.StrategyKind;
import dev.stepwise.validation.InvalidValueException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A renderer's refusal of a split, in the words of where the split came from: the spec's path
 * ({@code spec.strategy.abTest.match[1]}) or the command-line option ({@code --match-header}),
 * instead of the split's Java field ({@code matches[1].conditions}, {@code mirrorPercent}).
 */
final class RenderWording {

    private static final Pattern MATCH_FIELD = Pattern.compile("matches(?:\\[(\\d+)])?(?:\\.[\\w.\\[\\]]*)?");

    private RenderWording() {
    }

    /** {@code e}'s message with its field named as the spec or the command line names it. */
    static String speak(InvalidValueException e, boolean byHand, StrategyKind kind) {
        String field = e.field();
        String message = e.getMessage();
        String rest = message.startsWith(field + ": ") ? message.substring(field.length() + 2) : message;
        return where(field, byHand, kind) + ": " + rest;
    }

    /** Where {@code field} of a split comes from. */
    static String where(String field, boolean byHand, StrategyKind kind) {
        String strategy = "spec.strategy." + kind.label();
        Matcher match = MATCH_FIELD.matcher(field);
        if (match.matches()) {
            if (byHand) {
                return match.group(1) == null ? "--match-header" : "--match-header (#" + (Integer.parseInt(match.group(1)) + 1) + ")";
            }
            return strategy + ".match" + (match.group(1) == null ? "" : "[" + match.group(1) + "]");
        }
        if (field.equals("mirrorPercent")) {
            return byHand ? "--mirror" : strategy + ".mirrorWeight";
        }
        if (field.endsWith("Weight") || field.equals("weights")) {
            return byHand ? "--weight" : strategy + " (" + field.replace("Weight", " weight") + ")";
        }
        return field;
    }
}
