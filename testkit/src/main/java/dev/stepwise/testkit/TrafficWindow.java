package dev.stepwise.testkit;

import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The requests a {@link SimulatedService} served during one window, per track.
 *
 * @param split    the split in force during the window
 * @param duration how long the window lasted
 * @param tracks   what each track served; every track is present (with zeros when it served nothing)
 */
public record TrafficWindow(TrafficSplit split, Duration duration, Map<Track, TrackStats> tracks) {

    public TrafficWindow {
        InvalidValueException.requireNonNull("split", split);
        InvalidValueException.requireNonNull("duration", duration);
        Map<Track, TrackStats> all = new EnumMap<>(Track.class);
        for (Track track : Track.values()) {
            all.put(track, InvalidValueException.requireNonNull("tracks", tracks).getOrDefault(track, TrackStats.none()));
        }
        tracks = Map.copyOf(all);
    }

    /** What {@code track} served. */
    public TrackStats track(Track track) {
        return Objects.requireNonNull(tracks.get(track), "every track has stats, checked at construction");
    }

    /** What the canary served, mirrored copies included. */
    public TrackStats canary() {
        return Objects.requireNonNull(tracks.get(Track.CANARY), "every track has stats, checked at construction");
    }

    /** Requests that reached the service (mirrored copies not counted). */
    public long liveRequests() {
        return tracks.values().stream().mapToLong(s -> s.requests() - s.mirrored()).sum();
    }

    @Override
    public String toString() {
        return "TrafficWindow[" + duration + " at " + split + ", stable " + track(Track.STABLE) + ", canary "
                + track(Track.CANARY) + ", baseline " + track(Track.BASELINE) + "]";
    }
}
