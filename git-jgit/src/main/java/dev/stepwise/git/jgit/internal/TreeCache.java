package dev.stepwise.git.jgit.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * The raw contents of the trees a backend read or wrote last, by id, bounded by their total size
 * (least recently used first out). A tree's id is the hash of its contents, so an entry never goes
 * stale. A batch's chain of commits rewrites the same directories commit after commit: each
 * commit reads the trees the one before wrote, and without this each read inflated and parsed
 * them again from loose objects (with 1,000 rollouts in one directory, a fifth of the engine's
 * CPU). Thread-safe.
 */
public final class TreeCache {

    /** The default bound: enough for the directories of a busy monorepo's batch. */
    public static final int DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

    private final int maxBytes;
    private final Map<ObjectId, byte[]> trees = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;

    /** A cache holding at most {@code maxBytes} of tree contents (0: holds nothing). */
    public TreeCache(int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be 0 or more, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** The raw contents of tree {@code id}, from the cache or read with {@code reader} (and kept). */
    public byte[] read(ObjectReader reader, ObjectId id) throws IOException {
        synchronized (this) {
            byte[] cached = trees.get(id);
            if (cached != null) {
                hits++;
                return cached;
            }
            misses++;
        }
        byte[] raw = reader.open(id, Constants.OBJ_TREE).getCachedBytes(Integer.MAX_VALUE);
        put(id, raw);
        return raw;
    }

    /** Keeps {@code raw} as the contents of tree {@code id} (just written, say). */
    public synchronized void put(ObjectId id, byte[] raw) {
        if (raw.length > maxBytes) {
            return;
        }
        byte[] before = trees.put(id.copy(), raw);
        if (before != null) {
            bytes -= before.length;
        }
        bytes += raw.length;
        var oldest = trees.entrySet().iterator();
        while (bytes > maxBytes && oldest.hasNext()) {
            bytes -= oldest.next().getValue().length;
            oldest.remove();
        }
    }

    /** Reads answered from the cache so far. For tests and measurements. */
    public synchronized long hits() {
        return hits;
    }

    /** Reads that went to the object database so far. For tests and measurements. */
    public synchronized long misses() {
        return misses;
    }

    @Override
    public synchronized String toString() {
        return "TreeCache[" + trees.size() + " trees, " + bytes + " of " + maxBytes + " bytes, " + hits + " hits, "
                + misses + " misses]";
    }
}
