package dev.stepwise.input.internal;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Jackson's and SnakeYAML's messages in Stepwise's words, naming our limits. */
final class ConstraintMessages {

    // e.g. "Document nesting depth (65) exceeds the maximum allowed (64, from `StreamReadConstraints.getMaxNestingDepth()`)"
    private static final Pattern JACKSON = Pattern.compile(
            "\\((\\d+)\\) exceeds the maximum allowed \\((\\d+), from `StreamReadConstraints\\.getMax(\\w+)\\(\\)`\\)");
    private static final Map<String, String> WHAT = Map.of(
            "NestingDepth", "nesting depth",
            "DocumentLength", "document length",
            "StringLength", "string length",
            "NameLength", "field name length",
            "NumberLength", "number length",
            "TokenCount", "token count");
    private static final Map<String, String> LIMIT = Map.of(
            "NestingDepth", "maxNestingDepth",
            "DocumentLength", "maxDocumentBytes",
            "StringLength", "maxStringLength",
            "NameLength", "maxNameLength",
            "NumberLength", "maxNumberLength");

    private ConstraintMessages() {
    }

    /** E.g. {@code nesting depth 65 is more than the limit of 64 (maxNestingDepth)}. */
    static String of(StreamConstraintsException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        Matcher m = JACKSON.matcher(message);
        if (!m.find()) {
            return reason(message);
        }
        String key = m.group(3);
        return WHAT.getOrDefault(key, key) + " " + m.group(1) + " is more than the limit of " + m.group(2)
                + " (" + LIMIT.getOrDefault(key, "max" + key) + ")";
    }

    /**
     * The reason alone: SnakeYAML's messages interleave context lines ({@code while parsing a
     * flow sequence}), source marks ({@code in 'reader', line 2, column 4:}) and snippets; the
     * last unindented line says what is wrong.
     */
    static String reason(@Nullable String message) {
        if (message == null || message.isBlank()) {
            return "syntax error";
        }
        String reason = null;
        for (String line : message.split("\n")) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                reason = line.strip();
            }
        }
        return reason == null ? message.strip() : reason;
    }
}
