package dev.stepwise.bench.decisions;

import java.time.Duration;
import java.util.OptionalDouble;

/**
 * (c) The floor: Wald's one-sample SPRT average sample number (closed form, Wald's approximations
 * ignoring overshoot), with the same alpha and beta as the judge, on the canary's requests alone,
 * <em>knowing</em> the control's rate. By the Wald-Wolfowitz theorem no test with these error
 * probabilities needs fewer requests on average at its two hypotheses. For a harmful canary the
 * alternative is set at its true bad rate (an oracle: the most favourable test); for a good one,
 * at the judge's ratio times the control's rate, evaluated at the control's rate (requests to accept).
 * The bad rate is the 5xx rate, or for the latency scenario the rate of requests slower than
 * {@value DecoupledJudge#SLOW_MS} ms. The scenario whose canary changes mid-way has no floor.
 */
final class SprtFloor {

    private SprtFloor() {
    }

    /** Average canary requests to the decision for {@code scenario}, if it has a floor. */
    static OptionalDouble requests(Scenario scenario, double alpha, double beta, double ratio) {
        if (scenario.switches()) {
            return OptionalDouble.empty();
        }
        boolean latency = scenario.canaryP99Ms() != Scenario.STABLE_P99_MS;
        double p0 = latency ? scenario.stableSlowRate(DecoupledJudge.SLOW_MS) : scenario.stableErrors();
        double p = latency ? scenario.canarySlowRate(DecoupledJudge.SLOW_MS) : scenario.canaryErrors();
        if (!scenario.harmful()) {
            return OptionalDouble.of(averageSampleNumber(p0, ratio * p0, p0, alpha, beta));
        }
        return OptionalDouble.of(averageSampleNumber(p0, Math.max(p, ratio * p0), p, alpha, beta));
    }

    /**
     * The same SPRT with the judge's alternative (ratio times the control's rate) instead of the
     * oracle's, evaluated at the canary's true rate by Wald's operating characteristic: what the
     * judge would need if it knew the control's rate and looked at every request.
     */
    static OptionalDouble requestsAtJudgeAlternative(Scenario scenario, double alpha, double beta, double ratio) {
        if (scenario.switches()) {
            return OptionalDouble.empty();
        }
        boolean latency = scenario.canaryP99Ms() != Scenario.STABLE_P99_MS;
        double p0 = latency ? scenario.stableSlowRate(DecoupledJudge.SLOW_MS) : scenario.stableErrors();
        double p = latency ? scenario.canarySlowRate(DecoupledJudge.SLOW_MS) : scenario.canaryErrors();
        return OptionalDouble.of(averageSampleNumberAt(p0, ratio * p0, p, alpha, beta));
    }

    /**
     * Wald's ASN of the SPRT of {@code p0} against {@code p1} at any true rate: with {@code h != 0}
     * solving {@code E[exp(h z)] = 1}, the chance of accepting H0 is {@code L = (A^h - 1) / (A^h - B^h)}
     * and the ASN {@code (L ln B + (1 - L) ln A) / E[z]}.
     */
    static double averageSampleNumberAt(double p0, double p1, double truth, double alpha, double beta) {
        double up = Math.log(p1 / p0);
        double down = Math.log((1 - p1) / (1 - p0));
        double lnA = Math.log((1 - beta) / alpha);
        double lnB = Math.log(beta / (1 - alpha));
        double drift = truth * up + (1 - truth) * down;
        if (Math.abs(drift) < 1e-12) {
            return -lnA * lnB / (truth * up * up + (1 - truth) * down * down);
        }
        // E[exp(h z)] - 1 is convex in h, zero at 0; its other root has the sign opposite to the drift
        double low = drift > 0 ? -1.0 : 1e-9;
        double high = drift > 0 ? -1e-9 : 1.0;
        while (mgf(drift > 0 ? low : high, truth, up, down) < 1) {
            if (drift > 0) {
                low *= 2;
            } else {
                high *= 2;
            }
        }
        for (int i = 0; i < 200; i++) {
            double mid = (low + high) / 2;
            boolean beyond = mgf(mid, truth, up, down) >= 1;
            if (drift > 0 == beyond) {
                low = mid;
            } else {
                high = mid;
            }
        }
        double h = (low + high) / 2;
        double accept = (Math.exp(h * lnA) - 1) / (Math.exp(h * lnA) - Math.exp(h * lnB));
        return (accept * lnB + (1 - accept) * lnA) / drift;
    }

    private static double mgf(double h, double truth, double up, double down) {
        return truth * Math.exp(h * up) + (1 - truth) * Math.exp(h * down);
    }

    /**
     * Wald's ASN of the SPRT of {@code p0} against {@code p1}, at a true rate of either. Under
     * H1: {@code (beta ln B + (1-beta) ln A) / E1[z]}; under H0: {@code ((1-alpha) ln B + alpha ln A) / E0[z]}.
     */
    static double averageSampleNumber(double p0, double p1, double truth, double alpha, double beta) {
        double up = Math.log(p1 / p0);
        double down = Math.log((1 - p1) / (1 - p0));
        double lnA = Math.log((1 - beta) / alpha);
        double lnB = Math.log(beta / (1 - alpha));
        double drift = truth * up + (1 - truth) * down;
        double atHarm = truth == p0 ? alpha : 1 - beta;
        return (atHarm * lnA + (1 - atHarm) * lnB) / drift;
    }

    /** When the schedule's weights (10% at the start, +10 a minute up to 50%) give {@code requests} canary requests on average. */
    static Duration timeAtScheduleWeights(double requests, double requestRate) {
        double served = 0;
        long seconds = 0;
        while (served < requests) {
            double perSecond = requestRate * DecoupledJudge.weightAt(seconds) / 100.0;
            double left = requests - served;
            if (left <= perSecond) {
                return Duration.ofMillis(Math.round((seconds + left / perSecond) * 1000));
            }
            served += perSecond;
            seconds++;
        }
        return Duration.ofSeconds(seconds);
    }
}
