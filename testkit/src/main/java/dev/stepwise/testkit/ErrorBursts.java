package dev.stepwise.testkit;

import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Errors correlated in time, for a {@link SimulatedService}: a two-state Markov-modulated error
 * rate. The service is either calm (each track fails with its own
 * {@link TrackBehaviour#errorProbability()}) or in a burst, when every track's error probability is
 * multiplied by {@link #factor()} (capped at 1): a shared cause such as a flapping dependency. The
 * time spent in each state is exponential, with mean {@link #meanCalm()} and {@link #meanBurst()},
 * so the share of time in bursts is {@code meanBurst / (meanCalm + meanBurst)}. The process runs on
 * the service's served time: the sum of the windows it has served (a metric source that serves one
 * window per query advances it once per query). The service starts calm.
 *
 * @param factor    error probability multiplier during a burst, 1..1000; default {@value #DEFAULT_FACTOR}
 * @param meanCalm  mean time between bursts, 1 s..24 h; default 10 minutes
 * @param meanBurst mean length of a burst, 1 s..24 h; default 30 seconds
 */
public record ErrorBursts(double factor, Duration meanCalm, Duration meanBurst) {

    public static final double DEFAULT_FACTOR = 5.0;
    public static final Duration DEFAULT_MEAN_CALM = Duration.ofMinutes(10);
    public static final Duration DEFAULT_MEAN_BURST = Duration.ofSeconds(30);
    private static final Duration MIN = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofHours(24);

    public ErrorBursts {
        if (!(factor >= 1.0 && factor <= 1000.0)) {
            throw new InvalidValueException("errorBursts.factor", factor, "must be between 1 and 1000");
        }
        requireDuration("errorBursts.meanCalm", meanCalm);
        requireDuration("errorBursts.meanBurst", meanBurst);
    }

    /** Bursts five times the error rate, 30 seconds long on average, every 10 minutes on average. */
    public static ErrorBursts ofDefaults() {
        return new ErrorBursts(DEFAULT_FACTOR, DEFAULT_MEAN_CALM, DEFAULT_MEAN_BURST);
    }

    /** The share of served time spent in bursts, in the long run. */
    public double burstShare() {
        double calm = meanCalm.toNanos();
        double burst = meanBurst.toNanos();
        return burst / (calm + burst);
    }

    private static void requireDuration(String field, Duration value) {
        InvalidValueException.requireNonNull(field, value);
        if (value.compareTo(MIN) < 0 || value.compareTo(MAX) > 0) {
            throw new InvalidValueException(field, value, "must be between 1 second and 24 hours");
        }
    }

    @Override
    public String toString() {
        return "ErrorBursts[x" + factor + " for " + meanBurst + " every " + meanCalm + " on average]";
    }

    /**
     * The state of the burst process as windows are served: splits each window into stretches of
     * one state. Not thread-safe; the service holds it under its lock.
     */
    static final class Process {
        private final ErrorBursts bursts;
        private boolean inBurst;
        private double secondsLeft = -1;

        Process(ErrorBursts bursts) {
            this.bursts = bursts;
        }

        /** The stretches of a window of {@code seconds}, in order, advancing the process past it. */
        List<Stretch> advance(double seconds, Random random) {
            List<Stretch> stretches = new ArrayList<>();
            if (secondsLeft < 0) {
                secondsLeft = dwell(random);
            }
            if (seconds <= 0) {
                return List.of(new Stretch(1.0, inBurst ? bursts.factor : 1.0));
            }
            double left = seconds;
            while (left > 0) {
                double part = Math.min(left, secondsLeft);
                stretches.add(new Stretch(part / seconds, inBurst ? bursts.factor : 1.0));
                left -= part;
                secondsLeft -= part;
                if (secondsLeft <= 0) {
                    inBurst = !inBurst;
                    secondsLeft = dwell(random);
                }
            }
            return stretches;
        }

        private double dwell(Random random) {
            Duration mean = inBurst ? bursts.meanBurst : bursts.meanCalm;
            return -Math.log(1.0 - random.nextDouble()) * mean.toNanos() / 1e9;
        }
    }

    /**
     * A stretch of a window in one state.
     *
     * @param share      its share of the window, 0..1
     * @param multiplier error probability multiplier in force
     */
    record Stretch(double share, double multiplier) {
    }
}
