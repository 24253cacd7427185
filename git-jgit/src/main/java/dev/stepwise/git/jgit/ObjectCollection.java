package dev.stepwise.git.jgit;

import dev.stepwise.git.jgit.internal.WorkingCopy;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.internal.storage.pack.PackWriter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.pack.PackConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packs the working copy's loose objects on a schedule of the backend's own. Every commit writes
 * its blob, the trees on its path and itself as loose objects (about 31 KB a commit with 1,000
 * rollouts in one directory), and JGit collects them on its own only after a fetch, which an engine
 * reading from its synced head seldom makes: without this, the object database grows by every
 * commit for as long as the engine runs.
 *
 * <p>After each batch {@link JGitBackend#publish} published, under the backend's lock, Git's own
 * threshold is checked ({@code gc.auto}, 6,700 loose objects by default, sampled from one of the
 * 256 object folders). Past it, a <em>packing</em> starts on the collection's own thread: one pack
 * of the objects reachable from the head and not from the head the last packing packed up to, with
 * deltas between them (what a push of those commits would send), then their loose copies deleted.
 * Its cost follows the objects written since, not the history's length, and the backend goes on
 * meanwhile: it changes no ref, and deletes only loose objects the new pack holds, once the pack is
 * read. When the packs pass {@code gc.autoPackLimit} (50), a <em>consolidation</em> (JGit's full
 * collection) packs them all into one, holding the backend; its pause grows with the history
 * (10.7 s at 26,000 commits, measured), so it comes once per 50 packings.
 *
 * <p>Each is logged at INFO with its time and counted ({@link BackendCounts#packings()},
 * {@link BackendCounts#consolidations()}). A failed one loses nothing (Git writes the new pack
 * before it deletes what it packed): it is logged at WARN and tried again after a later batch.
 */
final class ObjectCollection {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectCollection.class);

    /** Git's default {@code gc.auto}: loose objects before a collection. */
    static final int DEFAULT_AUTO = 6700;
    /** Git's default {@code gc.autoPackLimit}: packs before they are packed into one. */
    static final int DEFAULT_AUTO_PACK_LIMIT = 50;

    private final boolean enabled;
    /** The head the last packing packed everything up to; null before the first. Written by the packing thread. */
    private volatile @Nullable ObjectId packedTip;
    private final LongAdder packings = new LongAdder();
    private final AtomicLong packingNanos = new AtomicLong();
    private final LongAdder consolidations = new LongAdder();
    private final AtomicLong longestConsolidation = new AtomicLong();
    private @Nullable ExecutorService executor;
    private volatile @Nullable Future<?> packing;

    ObjectCollection(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Under the backend's lock, after a batch: when Git's loose-object threshold is passed, starts
     * packing the objects written since the last packing on the collection's own thread (the
     * backend goes on meanwhile); when the packs pass Git's pack limit, packs them all into one
     * here, holding the backend. Nothing when a packing is still running.
     */
    void afterBatch(WorkingCopy copy) {
        Repository repository = copy.repository();
        if (!enabled || !(repository instanceof FileRepository file) || (packing != null && !packing.isDone())) {
            return;
        }
        long start = System.nanoTime();
        try {
            if (tooManyPacks(file)) {
                GC gc = new GC(file);
                gc.setAuto(false);
                gc.gc().get();
                long took = System.nanoTime() - start;
                consolidations.increment();
                longestConsolidation.accumulateAndGet(took, Math::max);
                LOG.info("{}: packed every pack into one (more than gc.autoPackLimit) in {} ms; no batch was published meanwhile",
                        repository.getDirectory(), Duration.ofNanos(took).toMillis());
                return;
            }
            ObjectId head = copy.head();
            if (head == null || !tooManyLooseObjects(file)) {
                return;
            }
            ObjectId tip = head.copy();
            packing = executor().submit(() -> packInBackground(file, tip));
        } catch (IOException | java.text.ParseException | ExecutionException | RuntimeException
                 | org.eclipse.jgit.api.errors.GitAPIException e) {
            LOG.warn("{}: packing its objects failed after {} ms; nothing is lost, it is tried again after the next batch: {}",
                    repository.getDirectory(), Duration.ofNanos(System.nanoTime() - start).toMillis(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("{}: packing its objects was interrupted; nothing is lost", repository.getDirectory());
        }
    }

    /**
     * On the collection's thread: one pack of the objects written since the last packing, then
     * their loose copies deleted. Safe beside the backend's batches: it changes no ref, reads only
     * objects reachable from {@code head} (never rewritten), and deletes only loose objects the new
     * pack holds, after the pack is read.
     */
    private void packInBackground(FileRepository file, ObjectId head) {
        long start = System.nanoTime();
        try {
            long objects = packSince(file, head);
            new GC(file).prunePacked();
            long took = System.nanoTime() - start;
            packings.increment();
            packingNanos.addAndGet(took);
            LOG.info("{}: packed the {} objects written since the last packing in {} ms, beside the batches",
                    file.getDirectory(), objects, Duration.ofNanos(took).toMillis());
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: packing its loose objects failed after {} ms; nothing is lost, it is tried again after a later batch: {}",
                    file.getDirectory(), Duration.ofNanos(System.nanoTime() - start).toMillis(), e.toString());
        }
    }

    private synchronized ExecutorService executor() {
        if (executor == null) {
            executor = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "stepwise-git-packing");
                thread.setDaemon(true);
                return thread;
            });
        }
        return executor;
    }

    /** Waits at most {@code timeout} for a packing under way to end; whether none is running now. For tests. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        Future<?> running = packing;
        if (running == null) {
            return true;
        }
        try {
            running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** Lets a packing under way end (at most a minute), then ends the collection's thread. */
    void close() {
        ExecutorService running;
        synchronized (this) {
            running = executor;
        }
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            if (!running.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("a packing of loose objects still runs a minute after the backend closed; interrupting it");
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes one pack of the objects reachable from {@code head} and not from the head of the last
     * packing (all of them the first time), with deltas between them: what a push of those commits
     * would send. Its cost follows the objects written since, not the history's length. Returns how
     * many objects it holds.
     */
    /** {@code config} searching for deltas on the packing's own thread only, leaving the other cores to the batches. */
    private static PackConfig oneThread(PackConfig config) {
        config.setThreads(1);
        return config;
    }

    private long packSince(FileRepository repository, ObjectId head) throws IOException {
        Set<ObjectId> have = packedTip == null ? Set.of() : Set.of(packedTip);
        File packDir = repository.getObjectDatabase().getPackDirectory();
        try (ObjectReader reader = repository.newObjectReader();
             PackWriter writer = new PackWriter(oneThread(new PackConfig(repository)), reader)) {
            writer.setUseBitmaps(false);
            writer.preparePack(NullProgressMonitor.INSTANCE, Set.of(head), have);
            long objects = writer.getObjectCount();
            String name = "pack-" + writer.computeName().name();
            File pack = new File(packDir, name + ".pack");
            File index = new File(packDir, name + ".idx");
            if (!pack.exists()) {
                File tmpPack = File.createTempFile("incoming_", ".pack", packDir);
                File tmpIndex = File.createTempFile("incoming_", ".idx", packDir);
                try {
                    try (OutputStream out = new BufferedOutputStream(new FileOutputStream(tmpPack))) {
                        writer.writePack(NullProgressMonitor.INSTANCE, NullProgressMonitor.INSTANCE, out);
                    }
                    try (OutputStream out = new BufferedOutputStream(new FileOutputStream(tmpIndex))) {
                        writer.writeIndex(out);
                    }
                    // the pack first, then its index: Git reads a pack once its index is there
                    Files.move(tmpPack.toPath(), pack.toPath(), StandardCopyOption.ATOMIC_MOVE);
                    Files.move(tmpIndex.toPath(), index.toPath(), StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmpPack.toPath());
                    Files.deleteIfExists(tmpIndex.toPath());
                }
                repository.getObjectDatabase().openPack(pack);
            }
            packedTip = head.copy();
            return objects;
        }
    }

    /** Git's sample: more than {@code gc.auto}/256 loose objects in the folder {@code 17}. */
    private static boolean tooManyLooseObjects(FileRepository repository) throws IOException {
        int auto = repository.getConfig().getInt("gc", "auto", DEFAULT_AUTO);
        if (auto <= 0) {
            return false;
        }
        Path sample = repository.getObjectsDirectory().toPath().resolve("17");
        if (!Files.isDirectory(sample)) {
            return false;
        }
        int threshold = (auto + 255) / 256;
        try (Stream<Path> files = Files.list(sample)) {
            return files.filter(f -> f.getFileName().toString().length() == Constants.OBJECT_ID_STRING_LENGTH - 2)
                    .limit(threshold + 1L).count() > threshold;
        }
    }

    /** More packs than {@code gc.autoPackLimit}. */
    private static boolean tooManyPacks(FileRepository repository) {
        int limit = repository.getConfig().getInt("gc", "autopacklimit", DEFAULT_AUTO_PACK_LIMIT);
        return limit > 0 && repository.getObjectDatabase().getPacks().size() > limit;
    }

    /** Packings of the objects written since the last one, ended. */
    long packings() {
        return packings.sum();
    }

    /** Their time, summed, in milliseconds (on the collection's thread, beside the batches). */
    long packingMillis() {
        return Duration.ofNanos(packingNanos.get()).toMillis();
    }

    /** Collections of every pack into one, each holding the backend. */
    long consolidations() {
        return consolidations.sum();
    }

    /** The longest of them, in milliseconds. */
    long longestConsolidationMillis() {
        return Duration.ofNanos(longestConsolidation.get()).toMillis();
    }

    @Override
    public String toString() {
        return "ObjectCollection[" + (enabled ? packings.sum() + " packings, " + consolidations.sum() + " consolidations" : "off") + "]";
    }
}
