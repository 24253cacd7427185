package dev.stepwise.importer.argo;

import java.util.Optional;

/**
 * The values an Argo Rollouts condition accepts, as a threshold range: a lower bound, an upper
 * bound or both, each inclusive or not. Stepwise's threshold ranges are inclusive, so an
 * exclusive bound differs at exactly one value; {@link #exclusive()} says whether that happens.
 *
 * @param min the lower bound, if any
 * @param max the upper bound, if any
 */
record ThresholdCondition(Optional<Bound> min, Optional<Bound> max) {

    /** One bound: its value and whether the value itself is accepted. */
    record Bound(double value, boolean inclusive) {
    }

    static final ThresholdCondition ANY = new ThresholdCondition(Optional.empty(), Optional.empty());

    /** Values accepted by both this and {@code other}. */
    ThresholdCondition and(ThresholdCondition other) {
        return new ThresholdCondition(tighter(min, other.min, true), tighter(max, other.max, false));
    }

    /**
     * The values this condition rejects, when that is one range (a one-sided condition): a failure
     * condition {@code result[0] > 5} accepts what it does not reject, {@code <= 5}.
     */
    Optional<ThresholdCondition> complement() {
        if (min.isPresent() && max.isPresent()) {
            return Optional.empty();
        }
        if (min.isPresent()) {
            return Optional.of(new ThresholdCondition(Optional.empty(),
                    Optional.of(new Bound(min.get().value(), !min.get().inclusive()))));
        }
        if (max.isPresent()) {
            return Optional.of(new ThresholdCondition(Optional.of(new Bound(max.get().value(), !max.get().inclusive())),
                    Optional.empty()));
        }
        return Optional.empty();
    }

    /** Whether no value is accepted (the bounds cross). */
    boolean empty() {
        if (min.isEmpty() || max.isEmpty()) {
            return false;
        }
        double lo = min.get().value();
        double hi = max.get().value();
        return lo > hi || (lo == hi && !(min.get().inclusive() && max.get().inclusive()));
    }

    /** Whether a bound is exclusive: that one value passes in Stepwise and did not in Argo. */
    boolean exclusive() {
        return min.map(b -> !b.inclusive()).orElse(false) || max.map(b -> !b.inclusive()).orElse(false);
    }

    private static Optional<Bound> tighter(Optional<Bound> a, Optional<Bound> b, boolean lower) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        double x = a.get().value();
        double y = b.get().value();
        if (x == y) {
            return Optional.of(new Bound(x, a.get().inclusive() && b.get().inclusive()));
        }
        return (lower ? x > y : x < y) ? a : b;
    }

    @Override
    public String toString() {
        return min.map(b -> b.value() + (b.inclusive() ? " <= " : " < ")).orElse("") + "value"
                + max.map(b -> (b.inclusive() ? " <= " : " < ") + b.value()).orElse("");
    }
}
