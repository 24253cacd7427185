package dev.stepwise.time;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in specs and configuration: Go / Flagger style ({@code 30s}, {@code 1m30s}, {@code 500ms},
 * {@code 2h}, {@code 1.5h}) or ISO-8601 ({@code PT1M}).
 *
 * <p>Go style is one or more decimal numbers, each followed by a unit: {@code ns}, {@code us}
 * (or {@code µs}), {@code ms}, {@code s}, {@code m}, {@code h}. A bare {@code 0} is zero, as in
 * Go. There are no days: Go has none, and a day is not always 24 hours.
 */
public final class Durations {

    private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    /** The accepted forms by example, for error messages: {@value}. */
    public static final String EXAMPLES = "30s, 1m30s, 500ms, 2h or PT1M";

    private Durations() {
    }

    /**
     * Parses a Go-style or ISO-8601 duration.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text == null ? "" : text);
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("P") || trimmed.startsWith("p") || trimmed.startsWith("-P")) {
            try {
                return Duration.parse(trimmed);
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        boolean negative = trimmed.startsWith("-");
        String body = negative || trimmed.startsWith("+") ? trimmed.substring(1) : trimmed;
        if (body.isEmpty()) {
            throw invalid(text);
        }
        if (body.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = GO_PART.matcher(body);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < body.length()) {
            if (!m.find(at) || m.start() != at) {
                throw invalid(text);
            }
            Long unit = Objects.requireNonNull(NANOS_PER_UNIT.get(m.group(2)), "GO_PART matches a known unit");
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
            at = m.end();
        }
        BigInteger whole = nanos.toBigInteger();
        if (whole.compareTo(MAX_NANOS) > 0) {
            throw new IllegalArgumentException("\"" + text + "\" is too long a duration");
        }
        Duration result = Duration.ofNanos(whole.longValueExact());
        return negative ? result.negated() : result;
    }

    /** Go style, the largest units first: {@code 1h30m}, {@code 1m30s}, {@code 500ms}, {@code 0s}. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        StringBuilder sb = new StringBuilder();
        append(sb, duration.toHours(), "h");
        append(sb, duration.toMinutesPart(), "m");
        append(sb, duration.toSecondsPart(), "s");
        int nanos = duration.toNanosPart();
        if (nanos % 1_000_000 == 0) {
            append(sb, nanos / 1_000_000, "ms");
        } else if (nanos % 1_000 == 0) {
            append(sb, nanos / 1_000, "us");
        } else {
            append(sb, nanos, "ns");
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, long amount, String unit) {
        if (amount != 0) {
            sb.append(amount).append(unit);
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("\"" + text + "\" is not a duration; use a number and a unit (ns, us, ms, s, m, h), e.g. "
                + EXAMPLES);
    }
}
