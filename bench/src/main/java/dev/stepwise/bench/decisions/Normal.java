package dev.stepwise.bench.decisions;

/** The standard normal distribution function (Abramowitz and Stegun 26.2.17, error below 7.5e-8). */
final class Normal {

    private Normal() {
    }

    static double cdf(double z) {
        if (z < 0) {
            return 1.0 - cdf(-z);
        }
        double t = 1.0 / (1.0 + 0.2316419 * z);
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        return 1.0 - Math.exp(-z * z / 2.0) / Math.sqrt(2.0 * Math.PI) * poly;
    }
}
