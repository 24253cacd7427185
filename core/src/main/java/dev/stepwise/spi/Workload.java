package dev.stepwise.spi;

import dev.stepwise.traffic.Track;
import java.util.Set;

/**
 * The pods behind a rollout target: a stable track (Flagger's primary) and a canary track
 * (the user's deployment), optionally a baseline.
 *
 * <p><b>Contract.</b> Every write is idempotent. {@link #scale} to a percent of the desired
 * replicas rounds up to whole pods; scaling a missing track is an exception naming it.
 * {@link #promote} copies the canary's pod template to stable (stable then runs that revision).
 * Readiness is read from status, never assumed.
 */
public interface Workload {

    /** The canary revision deployed now (e.g. a pod-template hash); a change starts a new rollout. */
    String canaryRevision();

    /** Scales a track to {@code percent} (0..100) of the desired replicas. */
    void scale(Track track, int percent);

    /** Tracks whose pods are all ready at their current scale. */
    Set<Track> readyTracks();

    /** Copies the canary's pod template, at {@code revision}, to the stable track. */
    void promote(String revision);
}
