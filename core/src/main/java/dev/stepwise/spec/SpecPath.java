package dev.stepwise.spec;

import java.util.regex.Pattern;

/**
 * Paths into a spec, as problems show them: fields joined by dots, list items indexed,
 * {@code spec.strategy.canary.stepWeights[2]}; a name that is not plain (a header
 * {@code x.canary}) in quotes and brackets, {@code headers["x.canary"]}.
 */
final class SpecPath {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private SpecPath() {
    }

    /** {@code parent.name}, or {@code parent["odd name"]} for names that are not plain. */
    static String child(String parent, String name) {
        if (!PLAIN_NAME.matcher(name).matches()) {
            return parent + "[" + ValueText.quote(name) + "]";
        }
        return parent.isEmpty() ? name : parent + "." + name;
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The path one level up: {@code a.b} of {@code a.b[2]} and of {@code a.b.c}; empty at the top. */
    static String parent(String path) {
        int cut = path.endsWith("]") ? path.lastIndexOf('[') : path.lastIndexOf('.');
        return cut < 0 ? "" : path.substring(0, cut);
    }

    /** The first field of a relative path: {@code stepWeights} of {@code stepWeights[2]}. */
    static String topField(String relative) {
        int end = 0;
        while (end < relative.length() && relative.charAt(end) != '.' && relative.charAt(end) != '[') {
            end++;
        }
        return relative.substring(0, end);
    }
}
