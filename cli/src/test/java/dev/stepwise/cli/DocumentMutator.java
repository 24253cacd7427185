package dev.stepwise.cli;

import java.util.List;
import java.util.Random;

/**
 * Mutates a document's text the ways a careless or hostile writer would: byte flips, truncation,
 * duplicated lines (subtrees), deep nesting, huge numbers, swapped types, odd unicode, YAML
 * anchors and aliases. Every choice comes from the given {@link Random}, so a seed replays a run.
 */
final class DocumentMutator {

    private static final List<String> VALUES = List.of("[]", "{}", "null", "~", "true", "\"text\"", "12", "-1", "0",
            "1e309", "-1e309", ".nan", ".inf", "NaN", "9".repeat(120), "0x1F", "1_000", "'quoted'", "\"\\u0000\"",
            "2h", "-5m", "1000000h", "PT1M", "\"\"", "[1, 2, 3]", "{a: 1}", "!!binary aGVsbG8=", "!!set {a, b}");
    private static final List<String> UNICODE = List.of("\u0000", "\uFEFF", "\u202E", "\uD83D\uDE00", "\uD800", "é",
            "\u2028", "\t", "\r", "\u00A0", "\u0085", "\\", "\"", "'", "#", ":", "-", "&", "*", "!", "%", "@", "`", "|", ">");

    private final Random random;

    DocumentMutator(Random random) {
        this.random = random;
    }

    /** {@code text} with one to three mutations. */
    String mutate(String text) {
        String result = text;
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            result = once(result);
        }
        return result;
    }

    private String once(String text) {
        if (text.isEmpty()) {
            return VALUES.get(random.nextInt(VALUES.size()));
        }
        switch (random.nextInt(9)) {
            case 0:
                return flip(text);
            case 1:
                return text.substring(0, random.nextInt(text.length()));
            case 2:
                return duplicateLines(text);
            case 3:
                return nest(text);
            case 4:
            case 5:
                return swapValue(text);
            case 6:
                return insert(text, UNICODE.get(random.nextInt(UNICODE.size())));
            case 7:
                return alias(text);
            default:
                return deleteLines(text);
        }
    }

    private String flip(String text) {
        int at = random.nextInt(text.length());
        char c = (char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000));
        return text.substring(0, at) + c + text.substring(at + 1);
    }

    private String insert(String text, String piece) {
        int at = random.nextInt(text.length() + 1);
        return text.substring(0, at) + piece + text.substring(at);
    }

    private String duplicateLines(String text) {
        String[] lines = text.split("\n", -1);
        int from = random.nextInt(lines.length);
        int to = Math.min(lines.length, from + 1 + random.nextInt(6));
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            out.append(lines[i]).append('\n');
            if (i == to - 1) {
                for (int j = from; j < to; j++) {
                    out.append(lines[j]).append('\n');
                }
            }
        }
        return out.toString();
    }

    private String deleteLines(String text) {
        String[] lines = text.split("\n", -1);
        int from = random.nextInt(lines.length);
        int to = Math.min(lines.length, from + 1 + random.nextInt(4));
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i < from || i >= to) {
                out.append(lines[i]).append('\n');
            }
        }
        return out.toString();
    }

    /** A value replaced by a nest of lists or objects, 2 to 10,000 deep. */
    private String nest(String text) {
        int depth = random.nextBoolean() ? 2 + random.nextInt(80) : 1 + random.nextInt(10_000);
        boolean lists = random.nextBoolean();
        String open = lists ? "[" : "{a: ";
        String close = lists ? "]" : "}";
        String nested = open.repeat(depth) + (lists ? "1" : "1") + close.repeat(depth);
        return replaceValue(text, random.nextInt(4) == 0 ? nested.substring(0, nested.length() / 2) : nested);
    }

    private String swapValue(String text) {
        return replaceValue(text, VALUES.get(random.nextInt(VALUES.size())));
    }

    private String alias(String text) {
        String withAnchor = replaceValue(text, "&x " + VALUES.get(random.nextInt(VALUES.size())));
        return random.nextBoolean() ? replaceValue(withAnchor, "*x") : withAnchor + "\nextra: *x\n";
    }

    /** The text with the value after one ": " (YAML) or ":" (JSON) replaced up to the line's or value's end. */
    private String replaceValue(String text, String value) {
        int colon = nthColon(text);
        if (colon < 0) {
            return insert(text, value);
        }
        int start = colon + 1;
        int end = start;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != ',' && text.charAt(end) != '}') {
            end++;
        }
        return text.substring(0, start) + " " + value + text.substring(end);
    }

    private int nthColon(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ':') {
                count++;
            }
        }
        if (count == 0) {
            return -1;
        }
        int target = random.nextInt(count);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ':' && target-- == 0) {
                return i;
            }
        }
        return -1;
    }
}
