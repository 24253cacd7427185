package dev.stepwise.strategy;

import dev.stepwise.rollout.Action;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import java.util.ArrayList;
import java.util.List;

/**
 * The arithmetic of one move of replicas from a shrinking track to a growing one within a surge
 * and an unavailability budget; pure, used by {@link RollingStrategy} forward (canary grows,
 * stable shrinks) and for the promotion (stable, now on the new template, grows back).
 *
 * <p>Every share is a percent of the target's desired replicas. A position is the growing
 * track's ready share {@code at}; the shrinking track then holds {@code 100 - at}, all ready.
 * A move to {@code target} goes in sub-steps: from {@code at} to {@link #next}{@code (at, target)}.
 */
record BatchMove(Track grow, Track shrink, int maxSurge, int maxUnavailable) {

    static BatchMove forward(int maxSurge, int maxUnavailable) {
        return new BatchMove(Track.CANARY, Track.STABLE, maxSurge, maxUnavailable);
    }

    static BatchMove promotion(int maxSurge, int maxUnavailable) {
        return new BatchMove(Track.STABLE, Track.CANARY, maxSurge, maxUnavailable);
    }

    /** Where the sub-step from {@code at} towards {@code target} takes the growing track. */
    int next(int at, int target) {
        return Math.min(target, at + maxSurge + maxUnavailable);
    }

    /**
     * The shrinking track's scale while the sub-step from {@code at} towards {@code target} is
     * under way; {@code 100 - at} when {@code at} is the target.
     */
    int shrinkScale(int at, int target) {
        return 100 - at - Math.min(maxUnavailable, next(at, target) - at);
    }

    /**
     * Begins the sub-step from {@code at} towards {@code target}: the shrinking track down to
     * {@link #shrinkScale} when that is below {@code shrinkNow}, then, unless {@code at} is the
     * target, the growing track up to {@link #next}.
     */
    List<Action> begin(int at, int target, int shrinkNow) {
        // Why the budget holds, with d = next - at <= maxSurge + maxUnavailable and the growing
        // track's at-share all ready:
        //  after the shrink: exist = (100 - at - min(u, d)) + at = 100 - min(u, d) <= 100 + surge;
        //                    ready = the same = 100 - min(u, d) >= 100 - u;
        //  after the grow:   exist = 100 - min(u, d) + d = 100 + max(0, d - u) <= 100 + surge,
        //                    since d - u <= surge; ready unchanged (new pods start unready).
        // Once the new pods are ready, ready = exist >= 100; settle() then shrinks by d more,
        // which is where the next sub-step's shrink starts from (same arithmetic again).
        List<Action> actions = new ArrayList<>();
        int shrinkTo = shrinkScale(at, target);
        if (shrinkTo < shrinkNow) {
            actions.add(new Action.ScaleTrack(shrink, shrinkTo));
        }
        if (at < target) {
            actions.add(new Action.ScaleTrack(grow, next(at, target)));
        }
        return actions;
    }

    /**
     * The step that finds the growing track ready at the end of the sub-step from {@code at}:
     * traffic to the new ready share, then {@link #begin} from there (which also brings the
     * shrinking track down to what the new share leaves it).
     */
    List<Action> settle(int at, int target) {
        int reached = next(at, target);
        List<Action> actions = new ArrayList<>();
        actions.add(new Action.SetTraffic(split(reached)));
        actions.addAll(begin(reached, target, shrinkScale(at, target)));
        return actions;
    }

    /** The split that gives the growing track {@code growShare} percent of the traffic. */
    TrafficSplit split(int growShare) {
        return grow == Track.CANARY ? TrafficSplit.canary(growShare) : TrafficSplit.canary(100 - growShare);
    }

    /** The growing track's share of a split. */
    int share(TrafficSplit split) {
        return split.weight(grow);
    }

    /** Sub-steps (one step each) to move from {@code from} to {@code to}. */
    int subSteps(int from, int to) {
        int size = maxSurge + maxUnavailable;
        return (to - from + size - 1) / size;
    }
}
