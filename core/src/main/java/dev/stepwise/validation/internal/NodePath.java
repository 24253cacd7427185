package dev.stepwise.validation.internal;

import java.util.regex.Pattern;

/**
 * Paths into a JSON or YAML tree, as problems show them: fields joined by dots, list items
 * indexed, {@code spec.strategy.canary.stepWeights[2]}; a name that is not plain (a header
 * {@code x.canary}) in quotes and brackets, {@code headers["x.canary"]}. The root is the empty path.
 */
public final class NodePath {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private NodePath() {
    }

    /** {@code parent.name}, or {@code parent["odd name"]} for names that are not plain. */
    public static String child(String parent, String name) {
        if (!PLAIN_NAME.matcher(name).matches()) {
            return parent + "[" + ValueText.quote(name) + "]";
        }
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** {@code parent[index]}: item {@code index} of the list at {@code parent}. */
    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The path one level up: {@code a.b} of {@code a.b[2]} and of {@code a.b.c}; empty at the top. */
    public static String parent(String path) {
        int cut = path.endsWith("]") ? path.lastIndexOf('[') : path.lastIndexOf('.');
        return cut < 0 ? "" : path.substring(0, cut);
    }

    /** The first field of a relative path: {@code stepWeights} of {@code stepWeights[2]}. */
    public static String topField(String relative) {
        int end = 0;
        while (end < relative.length() && relative.charAt(end) != '.' && relative.charAt(end) != '[') {
            end++;
        }
        return relative.substring(0, end);
    }
}
