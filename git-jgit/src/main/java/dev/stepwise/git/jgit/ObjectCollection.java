package dev.stepwise.git.jgit;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packs the working copy's loose objects on a schedule of the backend's own: after each batch
 * {@link JGitBackend#publish} pushed, still under the backend's lock, when Git's own thresholds say
 * so ({@code gc.auto}, 6,700 loose objects by default, sampled from one of the 256 object
 * folders; {@code gc.autoPackLimit}, 50 packs). Every commit writes its blob, the trees on its path
 * and itself as loose objects (about 31 KB a commit with 1,000 rollouts in one directory), and JGit
 * collects them on its own only after a fetch, which an engine reading from its synced head seldom
 * makes: without this, the object database grows by every commit for as long as the engine runs.
 *
 * <p>A collection pauses the backend (no batch is published meanwhile; the changes of the batch
 * before it are already done and their callers gone): each is logged at INFO with its pause and
 * counted ({@link BackendCounts#collections()}, {@link BackendCounts#collectionMillis()}). A failed
 * collection loses nothing (Git writes the new pack before it deletes what it packed): it is
 * logged at WARN and tried again after the next batch.
 */
final class ObjectCollection {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectCollection.class);

    private final boolean enabled;
    private final LongAdder collections = new LongAdder();
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong maxNanos = new AtomicLong();

    ObjectCollection(boolean enabled) {
        this.enabled = enabled;
    }

    /** Under the backend's lock, after a batch: packs the loose objects when Git's thresholds are passed. */
    void afterBatch(Repository repository) {
        if (!enabled || !(repository instanceof FileRepository file)) {
            return;
        }
        long start = System.nanoTime();
        try {
            GC gc = new GC(file);
            gc.setAuto(true);
            Collection<Pack> written = gc.gc().get();
            if (written.isEmpty()) {
                return; // below the thresholds: a directory listed, nothing written
            }
            long took = System.nanoTime() - start;
            collections.increment();
            nanos.addAndGet(took);
            maxNanos.accumulateAndGet(took, Math::max);
            LOG.info("{}: packed its loose objects into {} pack(s) in {} ms; no batch was published meanwhile",
                    repository.getDirectory(), written.size(), Duration.ofNanos(took).toMillis());
        } catch (IOException | java.text.ParseException | ExecutionException | RuntimeException
                 | org.eclipse.jgit.api.errors.GitAPIException e) {
            LOG.warn("{}: packing its loose objects failed after {} ms; nothing is lost, it is tried again after the next batch: {}",
                    repository.getDirectory(), Duration.ofNanos(System.nanoTime() - start).toMillis(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("{}: packing its loose objects was interrupted; nothing is lost", repository.getDirectory());
        }
    }

    /** Collections that wrote a pack. */
    long collections() {
        return collections.sum();
    }

    /** Their pauses, summed, in milliseconds. */
    long millis() {
        return Duration.ofNanos(nanos.get()).toMillis();
    }

    /** The longest pause, in milliseconds. */
    long maxMillis() {
        return Duration.ofNanos(maxNanos.get()).toMillis();
    }

    @Override
    public String toString() {
        return "ObjectCollection[" + (enabled ? collections.sum() + " collections, " + millis() + " ms" : "off") + "]";
    }
}
