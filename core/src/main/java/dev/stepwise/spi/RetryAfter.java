package dev.stepwise.spi;

import dev.stepwise.validation.InvalidValueException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The wait a server asks for in an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): either
 * delay-seconds ({@code 120}) or an HTTP-date ({@code Wed, 21 Oct 2026 07:28:00 GMT}), which is
 * turned into a wait from {@code now}. {@link Backoff#delay(int, Optional, java.util.random.RandomGenerator)}
 * takes the result in place of its own wait.
 */
public final class RetryAfter {

    private static final Pattern SECONDS = Pattern.compile("[0-9]+");
    private static final BigInteger LONGEST_SECONDS = BigInteger.valueOf(Long.MAX_VALUE);

    private RetryAfter() {
    }

    /**
     * The wait {@code headerValue} asks for, seen at {@code now}: delay-seconds as they are (beyond
     * a {@link Duration}'s range, its longest), an HTTP-date as the time until it (zero when it
     * has passed). Empty when the value is neither; the caller then keeps its own backoff.
     *
     * @param headerValue the header's value, surrounding blanks ignored
     * @param now         the current time, for an HTTP-date
     */
    public static Optional<Duration> parse(String headerValue, Instant now) {
        InvalidValueException.requireNonNull("headerValue", headerValue);
        InvalidValueException.requireNonNull("now", now);
        String value = headerValue.strip();
        if (SECONDS.matcher(value).matches()) {
            return Optional.of(Duration.ofSeconds(new BigInteger(value).min(LONGEST_SECONDS).longValueExact()));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }
}
