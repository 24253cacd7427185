package dev.stepwise.metrics.prometheus;

import dev.stepwise.validation.InvalidValueException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A PromQL query with {@code {{ name }}} placeholders (Flagger's template syntax; spaces inside
 * the braces optional), rendered so that no variable value can change the shape of the query.
 *
 * <p><b>Placement</b>, checked by {@link #of(String)}:
 * <ul>
 *   <li>{@code {{ interval }}} must stand outside quotes, e.g. in a range selector {@code [{{ interval }}]};
 *       its value must be a number and one unit ({@code ms s m h d w y}), e.g. {@code 60s}.</li>
 *   <li>Every other variable is a label value and must stand inside a double-quoted PromQL
 *       string, e.g. {@code namespace="{{ namespace }}"}. Single-quoted and back-quoted strings
 *       and comments are refused, since their escaping differs.</li>
 * </ul>
 *
 * <p><b>Escaping</b>, by {@link #render(Map)}: inside a string, {@code \} becomes {@code \\},
 * {@code "} becomes {@code \"} and a newline becomes {@code \n}; any other control character is
 * refused. Inside a regex matcher's string ({@code =~"..."} or {@code !~"..."}) the value is
 * first regex-quoted (RE2 metacharacters {@code \.+*?()|[]{}^$} get a backslash), so a value
 * matches itself only, e.g. {@code a.b} never matches {@code axb}. Values are therefore always
 * literal text: {@code "} , {@code "}} or {@code } or vector(1)} stay inside their string.
 *
 * <p>Immutable and thread-safe.
 */
public final class QueryTemplate {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern INTERVAL = Pattern.compile("[0-9]+(ms|s|m|h|d|w|y)");
    private static final String REGEX_META = "\\.+*?()|[]{}^$";
    static final String INTERVAL_VARIABLE = "interval";

    private enum Place { OUTSIDE, STRING, REGEX_STRING }

    private record Segment(@Nullable String literal, @Nullable String variable, @Nullable Place place) {
    }

    private final String template;
    private final List<Segment> segments;
    private final Set<String> variables;

    private QueryTemplate(String template, List<Segment> segments) {
        this.template = template;
        this.segments = List.copyOf(segments);
        Set<String> names = new LinkedHashSet<>();
        segments.stream().filter(s -> s.variable() != null).forEach(s -> names.add(s.variable()));
        this.variables = Collections.unmodifiableSet(names);
    }

    /**
     * A template checked for placement.
     *
     * @throws InvalidValueException naming the misplaced variable, or {@code template} for an
     *                               unclosed placeholder, a malformed name or an unterminated string
     */
    public static QueryTemplate of(String template) {
        InvalidValueException.requireNonNull("template", template);
        return new QueryTemplate(template, new Scanner(template).scan());
    }

    /**
     * The query with every placeholder replaced by its escaped value.
     *
     * @throws InvalidValueException naming a variable that has no value, an interval that is not
     *                               a number and a unit, or a value with a control character
     */
    public String render(Map<String, String> values) {
        InvalidValueException.requireNonNull("variables", values);
        StringBuilder sb = new StringBuilder(template.length() + 64);
        for (Segment segment : segments) {
            if (segment.variable() == null) {
                sb.append(segment.literal());
                continue;
            }
            String name = segment.variable();
            String value = values.get(name);
            if (value == null) {
                throw new InvalidValueException(name, "(missing)", "is used by the query template but has no value");
            }
            Place place = Objects.requireNonNull(segment.place(), "a variable has a place");
            switch (place) {
                case OUTSIDE -> sb.append(interval(value));
                case STRING -> sb.append(escapeString(name, value));
                case REGEX_STRING -> sb.append(escapeString(name, quoteRegex(value)));
                default -> throw new IllegalStateException(place.toString());
            }
        }
        return sb.toString();
    }

    /** The names of the variables the template uses, in order of first appearance. */
    public Set<String> variables() {
        return variables;
    }

    /** The template text as given. */
    public String template() {
        return template;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueryTemplate other && other.template.equals(template);
    }

    @Override
    public int hashCode() {
        return template.hashCode();
    }

    @Override
    public String toString() {
        return "QueryTemplate[" + template + "]";
    }

    private static String interval(String value) {
        if (!INTERVAL.matcher(value).matches()) {
            throw new InvalidValueException(INTERVAL_VARIABLE, show(value), "must be a whole number and a unit (ms, s, m, h, d, w, y), e.g. 60s");
        }
        return value;
    }

    private static String escapeString(String name, String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c == '"') {
                sb.append("\\\"");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c < 0x20 || c == 0x7f) {
                throw new InvalidValueException(name, show(value), "must not contain control characters");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String quoteRegex(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (REGEX_META.indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** A value with control characters made visible, for error messages. */
    private static String show(String value) {
        StringBuilder sb = new StringBuilder("\"");
        value.chars().forEach(c -> sb.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return sb.append('"').toString();
    }

    /** Splits a template into literal text and placeholders, tracking PromQL strings and comments. */
    private static final class Scanner {

        private enum State { CODE, DOUBLE, SINGLE, BACKTICK, COMMENT }

        private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);

        private final String template;
        private final List<Segment> segments = new ArrayList<>();
        private State state = State.CODE;
        private boolean regexString;
        private int literalStart;

        Scanner(String template) {
            this.template = template;
        }

        List<Segment> scan() {
            int i = 0;
            while (i < template.length()) {
                if (template.startsWith("{{", i)) {
                    i = placeholder(i);
                    continue;
                }
                i = step(i);
            }
            if (state != State.CODE && state != State.COMMENT) {
                throw new InvalidValueException("template", template, "has an unterminated string");
            }
            flushLiteral(template.length());
            return segments;
        }

        private int placeholder(int at) {
            Matcher m = PLACEHOLDER.matcher(template);
            if (!m.find(at) || m.start() != at) {
                throw new InvalidValueException("template", template, "has an unclosed placeholder at position " + at);
            }
            String name = m.group(1).strip();
            if (!IDENTIFIER.matcher(name).matches()) {
                throw new InvalidValueException("template", "{{" + m.group(1) + "}}", "is not a placeholder; use {{ name }}");
            }
            Place place = placeOf(name);
            flushLiteral(at);
            segments.add(new Segment(null, name, place));
            literalStart = m.end();
            return m.end();
        }

        private Place placeOf(String name) {
            boolean interval = name.equals(INTERVAL_VARIABLE);
            if (state == State.CODE && interval) {
                return Place.OUTSIDE;
            }
            if (state == State.DOUBLE && !interval) {
                return regexString ? Place.REGEX_STRING : Place.STRING;
            }
            if (interval) {
                throw new InvalidValueException(name, "inside a string or comment",
                        "must appear outside quotes, e.g. [{{ interval }}]");
            }
            throw new InvalidValueException(name, state == State.CODE ? "outside quotes" : "in a single-quoted or raw string or comment",
                    "is a label value and must appear inside a double-quoted string, e.g. label=\"{{ " + name + " }}\"");
        }

        /** Advances over one character (two for an escape) and returns the next position. */
        private int step(int i) {
            char c = template.charAt(i);
            switch (state) {
                case CODE -> {
                    if (c == '"') {
                        regexString = precededByRegexMatcher(i);
                        state = State.DOUBLE;
                    } else if (c == '\'') {
                        state = State.SINGLE;
                    } else if (c == '`') {
                        state = State.BACKTICK;
                    } else if (c == '#') {
                        state = State.COMMENT;
                    }
                }
                case DOUBLE, SINGLE -> {
                    if (c == '\\') {
                        return i + 2;
                    }
                    if (c == (state == State.DOUBLE ? '"' : '\'')) {
                        state = State.CODE;
                    }
                }
                case BACKTICK -> {
                    if (c == '`') {
                        state = State.CODE;
                    }
                }
                case COMMENT -> {
                    if (c == '\n') {
                        state = State.CODE;
                    }
                }
                default -> throw new IllegalStateException(state.toString());
            }
            return i + 1;
        }

        private boolean precededByRegexMatcher(int quote) {
            int j = quote - 1;
            while (j >= 0 && Character.isWhitespace(template.charAt(j))) {
                j--;
            }
            return j >= 1 && template.charAt(j) == '~' && (template.charAt(j - 1) == '=' || template.charAt(j - 1) == '!');
        }

        private void flushLiteral(int end) {
            if (end > literalStart) {
                segments.add(new Segment(template.substring(literalStart, end), null, null));
            }
        }
    }
}
