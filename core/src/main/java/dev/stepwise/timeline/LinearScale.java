package dev.stepwise.timeline;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps a range of values onto a range of pixels, and picks round tick values within it.
 *
 * @param low       the value at {@code lowPixel}
 * @param high      the value at {@code highPixel}, greater than {@code low}
 * @param lowPixel  where {@code low} is drawn (for a y axis, the bottom: the larger pixel)
 * @param highPixel where {@code high} is drawn
 */
record LinearScale(double low, double high, double lowPixel, double highPixel) {

    LinearScale {
        if (!(high > low)) {
            throw new IllegalArgumentException("empty range " + low + ".." + high);
        }
    }

    /**
     * A scale over every value given, padded by a tenth of the span on each side (or by 1 when
     * all values are equal), so that no point sits on a panel's edge.
     */
    static LinearScale padded(List<Double> values, double lowPixel, double highPixel) {
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double pad = max > min ? (max - min) / 10 : Math.max(1, Math.abs(max) / 10);
        return new LinearScale(min - pad, max + pad, lowPixel, highPixel);
    }

    double pixel(double value) {
        return lowPixel + (value - low) / (high - low) * (highPixel - lowPixel);
    }

    /** About {@code count} round values (1, 2 or 5 times a power of ten apart) within the range. */
    List<Double> ticks(int count) {
        double step = roundStep((high - low) / count);
        List<Double> ticks = new ArrayList<>();
        for (double tick = Math.ceil(low / step) * step; tick <= high + step * 1e-9; tick += step) {
            // Repeated addition drifts (0.1 + 0.2); snap back to a multiple of the step.
            ticks.add(Math.round(tick / step) * step);
        }
        return ticks;
    }

    /** The smallest of 1, 2, 5 times a power of ten that is at least {@code rough}. */
    static double roundStep(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * power >= rough * (1 - 1e-9)) {
                return factor * power;
            }
        }
        return 10 * power;
    }
}
