package dev.stepwise.git.jgit;

import dev.stepwise.spi.Workload;
import dev.stepwise.traffic.Track;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;

/**
 * A {@link Workload} kept in a properties file, standing for the cluster's pods: it outlives the
 * engine's process, as a Deployment outlives a killed controller. Every change replaces the file
 * with an atomic move, so a {@code kill -9} leaves either the old content or the new. Keys:
 * {@code canary} and {@code stable} (revisions), {@code scale.<track>} (percent). Every track is
 * ready at once. One process writes it at a time (the test only while the engine's JVM is dead).
 */
final class FileWorkload implements Workload {

    private final Path file;

    private FileWorkload(Path file) {
        this.file = file;
    }

    /** The workload in {@code file}; a missing file is {@code stable} on both tracks, scaled to 0. */
    static FileWorkload at(Path file) {
        return new FileWorkload(file);
    }

    /** Puts {@code revision} on the canary track, as a user deploying it would. */
    synchronized void deploy(String revision) {
        update("canary", revision);
    }

    @Override
    public synchronized String canaryRevision() {
        return load().getProperty("canary", "v1");
    }

    /** The revision the stable track runs. */
    synchronized String stableRevision() {
        return load().getProperty("stable", "v1");
    }

    @Override
    public synchronized void scale(Track track, int percent) {
        update("scale." + track.name(), Integer.toString(percent));
    }

    @Override
    public Set<Track> readyTracks() {
        return EnumSet.allOf(Track.class);
    }

    @Override
    public synchronized void promote(String revision) {
        update("stable", revision);
    }

    private void update(String key, String value) {
        Properties properties = load();
        if (value.equals(properties.getProperty(key))) {
            return;
        }
        properties.setProperty(key, value);
        Path next = file.resolveSibling(file.getFileName() + ".next");
        try {
            try (Writer out = Files.newBufferedWriter(next)) {
                properties.store(out, null);
            }
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }

    private Properties load() {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + file, e);
            }
        }
        return properties;
    }

    @Override
    public String toString() {
        return "FileWorkload[" + file + "]";
    }
}
