package dev.stepwise.spi;

import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.Problems;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long to wait between the attempts of a call that failed for a passing reason: exponential
 * from {@code initialDelay}, multiplied by {@code multiplier} after each failed attempt, never
 * longer than {@code maxDelay}, for at most {@code maxAttempts} attempts, each wait spread by
 * {@code jitter}. When the server says how long to wait (a {@code Retry-After}, see
 * {@link RetryAfter}) that wait is taken instead, capped by {@code maxDelay}. {@link Retrier} runs
 * a call with it; the engine's {@code RetryPolicy} computes its delays with it.
 *
 * <p>The wait after attempt {@code n} (1-based) is {@code initialDelay × multiplier^(n-1)}, or
 * {@code maxDelay} if that is longer. With jitter {@code j} it is drawn uniformly from
 * {@code [wait × (1 - j), wait × (1 + j)]}, again at most {@code maxDelay}; the randomness comes
 * from the caller, so a seeded source gives the same waits every time. With jitter 0 (the
 * default) the waits are exact.
 *
 * @param initialDelay the wait after the first failed attempt, zero or longer; default 200 ms
 * @param multiplier   the factor between two consecutive waits, 1.0 to 10.0; default 2.0
 * @param maxDelay     the longest wait, at least {@code initialDelay}; default 1 minute
 * @param maxAttempts  attempts in all, the first included, at least 1 ({@link #UNLIMITED_ATTEMPTS}
 *                     when something else, such as a deadline, ends the retries); default 3
 * @param jitter       the fraction by which each wait is spread, 0.0 to 1.0; default 0.0
 */
public record Backoff(Duration initialDelay, double multiplier, Duration maxDelay, int maxAttempts, double jitter) {

    /** Default wait after the first failed attempt: 200 ms. */
    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(200);
    /** Default factor between two consecutive waits: 2.0. */
    public static final double DEFAULT_MULTIPLIER = 2.0;
    /** Default longest wait, and the least cap of {@link #doubling}: 1 minute. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofMinutes(1);
    /** Default attempts in all: 3. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** {@code maxAttempts} when the count does not end the retries. */
    public static final int UNLIMITED_ATTEMPTS = Integer.MAX_VALUE;

    private static final Duration LONGEST = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    public Backoff {
        Problems problems = new Problems();
        if (initialDelay == null || initialDelay.isNegative()) {
            problems.add("initialDelay", initialDelay + " must be zero or longer");
        }
        if (!(multiplier >= 1.0 && multiplier <= 10.0)) {
            problems.add("multiplier", multiplier + " must be between 1.0 and 10.0");
        }
        if (maxDelay == null || maxDelay.isNegative()) {
            problems.add("maxDelay", maxDelay + " must be zero or longer");
        } else if (problems.isEmpty() && maxDelay.compareTo(initialDelay) < 0) {
            problems.add("maxDelay", maxDelay + " must be at least initialDelay " + initialDelay);
        }
        problems.checkBetween("maxAttempts", maxAttempts, 1, UNLIMITED_ATTEMPTS);
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            problems.add("jitter", jitter + " must be between 0.0 and 1.0");
        }
        problems.throwIfAny("backoff");
    }

    /** 200 ms, doubling, at most 1 minute, 3 attempts, no jitter. */
    public static Backoff ofDefaults() {
        return new Backoff(DEFAULT_INITIAL_DELAY, DEFAULT_MULTIPLIER, DEFAULT_MAX_DELAY, DEFAULT_MAX_ATTEMPTS, 0.0);
    }

    /**
     * {@code initialDelay}, doubled after each failed attempt and never cut short: the cap is the
     * longer of {@link #DEFAULT_MAX_DELAY} and the last wait a run of {@code maxAttempts} reaches
     * (which is what also caps a server's {@code Retry-After}); no jitter. The adapters' waits.
     */
    public static Backoff doubling(Duration initialDelay, int maxAttempts) {
        Backoff uncapped = new Backoff(initialDelay, 2.0, LONGEST, maxAttempts, 0.0);
        Duration last = maxAttempts > 1 ? uncapped.nominalDelay(maxAttempts - 1) : initialDelay;
        return uncapped.withMaxDelay(last.compareTo(DEFAULT_MAX_DELAY) > 0 ? last : DEFAULT_MAX_DELAY);
    }

    /** This backoff with another first wait; see {@link #initialDelay()}. */
    public Backoff withInitialDelay(Duration delay) {
        return new Backoff(delay, multiplier, maxDelay, maxAttempts, jitter);
    }

    /** This backoff with another factor between waits; see {@link #multiplier()}. */
    public Backoff withMultiplier(double factor) {
        return new Backoff(initialDelay, factor, maxDelay, maxAttempts, jitter);
    }

    /** This backoff with another longest wait; see {@link #maxDelay()}. */
    public Backoff withMaxDelay(Duration delay) {
        return new Backoff(initialDelay, multiplier, delay, maxAttempts, jitter);
    }

    /** This backoff with another number of attempts; see {@link #maxAttempts()}. */
    public Backoff withMaxAttempts(int attempts) {
        return new Backoff(initialDelay, multiplier, maxDelay, attempts, jitter);
    }

    /** This backoff with another spread; see {@link #jitter()}. */
    public Backoff withJitter(double fraction) {
        return new Backoff(initialDelay, multiplier, maxDelay, maxAttempts, fraction);
    }

    /** The wait after failed attempt {@code attempt} (1-based) before jitter: exact, at most {@code maxDelay}. */
    public Duration nominalDelay(int attempt) {
        InvalidValueException.requireAtLeast("attempt", attempt, 1);
        int exponent = attempt - 1;
        if (exponent == 0 || multiplier == 1.0 || initialDelay.isZero()) {
            return initialDelay;
        }
        BigDecimal initial = nanos(initialDelay);
        BigDecimal max = nanos(maxDelay);
        // Past this many doublings (or whatever the factor) every wait is maxDelay; no need to compute it.
        double reachesMax = Math.log(max.doubleValue() / initial.doubleValue()) / Math.log(multiplier);
        if (exponent > reachesMax + 1) {
            return maxDelay;
        }
        BigDecimal delay = initial.multiply(BigDecimal.valueOf(multiplier).pow(exponent, MathContext.DECIMAL128));
        return capped(delay, max);
    }

    /**
     * The wait after failed attempt {@code attempt} (1-based), spread by {@code jitter} with
     * {@code random} (not used when the jitter is 0).
     */
    public Duration delay(int attempt, RandomGenerator random) {
        InvalidValueException.requireNonNull("random", random);
        Duration nominal = nominalDelay(attempt);
        if (jitter == 0.0) {
            return nominal;
        }
        double spread = 1.0 - jitter + 2.0 * jitter * random.nextDouble();
        return capped(nanos(nominal).multiply(BigDecimal.valueOf(spread)), nanos(maxDelay));
    }

    /**
     * The wait after failed attempt {@code attempt}: the server's {@code retryAfter} when it sent
     * one (capped by {@code maxDelay}, no jitter), otherwise {@link #delay(int, RandomGenerator)}.
     */
    public Duration delay(int attempt, Optional<Duration> retryAfter, RandomGenerator random) {
        InvalidValueException.requireNonNull("retryAfter", retryAfter);
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get();
            if (asked.isNegative()) {
                throw new InvalidValueException("retryAfter", asked, "must be zero or longer");
            }
            return asked.compareTo(maxDelay) > 0 ? maxDelay : asked;
        }
        return delay(attempt, random);
    }

    /** Whether another attempt follows failed attempt {@code attempt} (1-based). */
    public boolean allowsAttemptAfter(int attempt) {
        return attempt < maxAttempts;
    }

    private Duration capped(BigDecimal delayNanos, BigDecimal maxNanos) {
        BigDecimal whole = delayNanos.setScale(0, RoundingMode.HALF_UP);
        if (whole.compareTo(maxNanos) >= 0) {
            return maxDelay;
        }
        BigDecimal[] parts = whole.divideAndRemainder(NANOS_PER_SECOND);
        return Duration.ofSeconds(parts[0].longValueExact(), parts[1].longValueExact());
    }

    private static BigDecimal nanos(Duration duration) {
        return BigDecimal.valueOf(duration.getSeconds()).multiply(NANOS_PER_SECOND).add(BigDecimal.valueOf(duration.getNano()));
    }

    /** Spec style: {@code 200ms}, {@code 1.5s}, {@code 1m}, {@code 2h30m}. */
    private static String readable(Duration duration) {
        if (duration.compareTo(Duration.ofSeconds(1)) < 0 && duration.getNano() % 1_000_000 == 0) {
            return duration.toMillis() + "ms";
        }
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return "Backoff[" + readable(initialDelay) + " x" + multiplier + " up to " + readable(maxDelay) + ", "
                + (maxAttempts == UNLIMITED_ATTEMPTS ? "unlimited attempts" : maxAttempts + (maxAttempts == 1 ? " attempt" : " attempts"))
                + (jitter == 0.0 ? ", no jitter" : ", jitter ±" + Math.round(jitter * 100) + "%") + "]";
    }
}
