package dev.stepwise.timeline;

import java.util.Locale;

/**
 * Writes SVG elements as text: attributes in the order given, text and attribute values escaped,
 * numbers with at most one decimal in the root locale, so that the same calls always give the
 * same bytes.
 */
final class SvgWriter {

    private final StringBuilder out = new StringBuilder();
    private int depth;

    /** Opens {@code <tag attr="value" ...>}; {@code attributes} alternate names and values. */
    SvgWriter open(String tag, Object... attributes) {
        indent().append('<').append(tag);
        appendAttributes(attributes);
        out.append(">\n");
        depth++;
        return this;
    }

    SvgWriter close(String tag) {
        depth--;
        indent().append("</").append(tag).append(">\n");
        return this;
    }

    /** An empty element, {@code <tag ... />}. */
    SvgWriter empty(String tag, Object... attributes) {
        indent().append('<').append(tag);
        appendAttributes(attributes);
        out.append("/>\n");
        return this;
    }

    /** An element holding only text, {@code <tag ...>text</tag>}. */
    SvgWriter text(String tag, String text, Object... attributes) {
        indent().append('<').append(tag);
        appendAttributes(attributes);
        out.append('>').append(escape(text)).append("</").append(tag).append(">\n");
        return this;
    }

    /** A comment; {@code --} is not allowed inside one and is replaced. */
    SvgWriter comment(String text) {
        indent().append("<!-- ").append(text.replace("--", "- -")).append(" -->\n");
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** A coordinate or length: one decimal, trailing {@code .0} dropped, never {@code -0}. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not a finite coordinate: " + value);
        }
        String text = String.format(Locale.ROOT, "%.1f", value);
        if (text.endsWith(".0")) {
            text = text.substring(0, text.length() - 2);
        }
        return text.equals("-0") ? "0" : text;
    }

    /** {@code &}, {@code <}, {@code >} and quotes escaped; characters XML 1.0 forbids dropped. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private void appendAttributes(Object[] attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name/value pairs");
        }
        for (int i = 0; i < attributes.length; i += 2) {
            Object value = attributes[i + 1];
            String text = value instanceof Double ? number((Double) value) : String.valueOf(value);
            out.append(' ').append(attributes[i]).append("=\"").append(escape(text)).append('"');
        }
    }

    private StringBuilder indent() {
        return out.append("  ".repeat(depth));
    }
}
