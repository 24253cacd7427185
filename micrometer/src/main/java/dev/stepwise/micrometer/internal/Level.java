package dev.stepwise.micrometer.internal;

/** The value behind one gauge; held strongly here, since a gauge only holds its object weakly. */
final class Level {

    private volatile double value;

    Level(double value) {
        this.value = value;
    }

    double get() {
        return value;
    }

    void set(double value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return Double.toString(value);
    }
}
