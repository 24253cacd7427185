package dev.stepwise.git.jgit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.jspecify.annotations.Nullable;

/**
 * Writes the tree of a commit from its parent's tree and a few file edits, rewriting only the
 * trees on the edited paths: every other subtree keeps its id and is neither read nor hashed.
 * A commit to one file of a monorepo therefore costs the directories on that file's path, not the
 * whole repository (an in-memory {@code DirCache} reads, sorts and hashes every entry of every
 * tree). A directory left empty by deletions disappears from its parent, as in Git.
 *
 * <p>A tree is edited as Git stores it, a sorted run of {@code mode SP name NUL id} entries: the
 * entries an edit does not touch are copied as bytes, never decoded into names or objects, and the
 * new entries are merged in at their place in Git's order. With 1,000 rollouts in one directory,
 * decoding, sorting and formatting every entry for every commit was most of a commit's cost.
 * Trees come from, and go to, a {@link TreeCache}.
 */
final class TreeEditor {

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] TREE_MODE = "40000".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FILE_MODE = "100644".getBytes(StandardCharsets.US_ASCII);
    private static final Comparator<Put> GIT_ORDER = (a, b) -> Arrays.compareUnsigned(a.sortKey, b.sortKey);

    private TreeEditor() {
    }

    /**
     * The id of {@code tree} (null: the empty tree) with {@code edits} applied: a path to a blob id
     * puts that blob there as a regular file, a path to empty deletes the file. Paths are
     * '/'-separated and relative to the tree's root.
     *
     * @throws IllegalArgumentException when a path runs through a file, or puts a file where a directory is
     */
    static ObjectId apply(ObjectReader reader, ObjectInserter inserter, TreeCache cache, @Nullable ObjectId tree,
                          Map<String, Optional<ObjectId>> edits) throws IOException {
        ObjectId edited = edit(reader, inserter, cache, tree, edits, "");
        return edited != null ? edited : insert(inserter, cache, EMPTY);
    }

    /** The id of the blob at {@code path} in {@code tree} (null: the empty tree), or null when there is none. */
    static @Nullable ObjectId blobAt(ObjectReader reader, TreeCache cache, @Nullable ObjectId tree, String path)
            throws IOException {
        ObjectId at = tree;
        String[] names = path.split("/", -1);
        for (int i = 0; i < names.length && at != null; i++) {
            Entries entries = Entries.parse(cache.read(reader, at));
            byte[] name = names[i].getBytes(StandardCharsets.UTF_8);
            boolean last = i == names.length - 1;
            int found = entries.indexOf(name, !last);
            if (found < 0 || (last && !entries.isBlob(found))) {
                return null;
            }
            at = entries.id(found);
            if (last) {
                return at;
            }
        }
        return null;
    }

    /** The edited tree's id, or null when it is left empty. */
    private static @Nullable ObjectId edit(ObjectReader reader, ObjectInserter inserter, TreeCache cache,
                                           @Nullable ObjectId tree, Map<String, Optional<ObjectId>> edits, String where)
            throws IOException {
        Map<String, Optional<ObjectId>> files = new LinkedHashMap<>();
        Map<String, Map<String, Optional<ObjectId>>> below = new TreeMap<>();
        edits.forEach((path, blob) -> {
            int slash = path.indexOf('/');
            if (slash < 0) {
                files.put(path, blob);
            } else {
                below.computeIfAbsent(path.substring(0, slash), d -> new LinkedHashMap<>()).put(path.substring(slash + 1), blob);
            }
        });
        byte[] raw = tree == null ? EMPTY : cache.read(reader, tree);
        Entries entries = Entries.parse(raw);
        List<Put> puts = new ArrayList<>(); // a null id deletes
        Map<String, Put> directories = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Optional<ObjectId>>> directory : below.entrySet()) {
            String name = directory.getKey();
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            int current = entries.indexOf(bytes);
            if (current >= 0 && !entries.isTree(current)) {
                throw new IllegalArgumentException(where + name + " is a file, not a directory");
            }
            ObjectId subtree = edit(reader, inserter, cache, current < 0 ? null : entries.id(current), directory.getValue(),
                    where + name + "/");
            if (subtree != null || current >= 0) {
                Put put = new Put(bytes, true, subtree, current);
                puts.add(put);
                directories.put(name, put);
            }
        }
        for (Map.Entry<String, Optional<ObjectId>> file : files.entrySet()) {
            String name = file.getKey();
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            Put directory = directories.get(name);
            int current = entries.indexOf(bytes);
            if ((directory != null && directory.id != null) || (directory == null && current >= 0 && entries.isTree(current))) {
                throw new IllegalArgumentException(where + name + " is a directory, not a file");
            }
            int index = directory != null ? -1 : current; // a file where a directory was just emptied is a new entry
            if (file.getValue().isPresent()) {
                puts.add(new Put(bytes, false, file.getValue().get(), index));
            } else if (index >= 0) {
                puts.add(new Put(bytes, false, null, index));
            }
        }
        byte[] edited = merge(raw, entries, puts);
        return edited.length == 0 ? null : insert(inserter, cache, edited);
    }

    /** {@code raw} with {@code puts} merged in Git's order: replaced and deleted entries at their index, new ones at their place. */
    private static byte[] merge(byte[] raw, Entries entries, Iterable<Put> puts) {
        Put[] atIndex = new Put[entries.size()];
        List<Put> added = new ArrayList<>();
        for (Put put : puts) {
            if (put.index >= 0) {
                atIndex[put.index] = put;
            } else if (put.id != null) {
                added.add(put);
            }
        }
        added.sort(GIT_ORDER);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 64 * (added.size() + 1));
        int next = 0;
        for (int i = 0; i < entries.size(); i++) {
            while (next < added.size() && entries.compareTo(i, added.get(next).sortKey) > 0) {
                added.get(next++).writeTo(out);
            }
            Put put = atIndex[i];
            if (put == null) {
                out.write(raw, entries.start(i), entries.end(i) - entries.start(i));
            } else if (put.id != null) {
                put.writeTo(out);
            }
        }
        while (next < added.size()) {
            added.get(next++).writeTo(out);
        }
        return out.toByteArray();
    }

    private static ObjectId insert(ObjectInserter inserter, TreeCache cache, byte[] raw) throws IOException {
        ObjectId id = inserter.insert(Constants.OBJ_TREE, raw);
        cache.put(id, raw);
        return id;
    }

    /** An entry to write (a tree or a regular file) over the entry at {@code index} (or -1: a new one), or to delete (null id). */
    private static final class Put {

        final byte[] name;
        final boolean tree;
        final @Nullable ObjectId id;
        final int index;
        final byte[] sortKey;

        Put(byte[] name, boolean tree, @Nullable ObjectId id, int index) {
            this.name = name;
            this.tree = tree;
            this.id = id;
            this.index = index;
            this.sortKey = tree ? Arrays.copyOf(name, name.length + 1) : name;
            if (tree) {
                sortKey[name.length] = '/';
            }
        }

        void writeTo(ByteArrayOutputStream out) {
            ObjectId written = id;
            if (written == null) {
                return;
            }
            out.writeBytes(tree ? TREE_MODE : FILE_MODE);
            out.write(' ');
            out.writeBytes(name);
            out.write(0);
            byte[] raw = new byte[Constants.OBJECT_ID_LENGTH];
            written.copyRawTo(raw, 0);
            out.writeBytes(raw);
        }
    }

    /** Where each entry of a raw tree lies: its mode, name and id, by index in Git's order. */
    private static final class Entries {

        private final byte[] raw;
        private int size;
        private int[] starts = new int[16];
        private int[] names = new int[16];
        private int[] ids = new int[16];

        private Entries(byte[] raw) {
            this.raw = raw;
        }

        static Entries parse(byte[] raw) {
            Entries entries = new Entries(raw);
            int p = 0;
            while (p < raw.length) {
                int space = p;
                while (raw[space] != ' ') {
                    space++;
                }
                int nul = space + 1;
                while (raw[nul] != 0) {
                    nul++;
                }
                entries.add(p, space + 1, nul + 1);
                p = nul + 1 + Constants.OBJECT_ID_LENGTH;
            }
            return entries;
        }

        private void add(int start, int name, int id) {
            if (size == starts.length) {
                starts = Arrays.copyOf(starts, size * 2);
                names = Arrays.copyOf(names, size * 2);
                ids = Arrays.copyOf(ids, size * 2);
            }
            starts[size] = start;
            names[size] = name;
            ids[size] = id;
            size++;
        }

        int size() {
            return size;
        }

        int start(int i) {
            return starts[i];
        }

        int end(int i) {
            return ids[i] + Constants.OBJECT_ID_LENGTH;
        }

        ObjectId id(int i) {
            return ObjectId.fromRaw(raw, ids[i]);
        }

        boolean isTree(int i) {
            return Arrays.equals(raw, starts[i], names[i] - 1, TREE_MODE, 0, TREE_MODE.length);
        }

        /** A regular or executable file, or a symbolic link: a blob (not a tree, not a submodule's commit). */
        boolean isBlob(int i) {
            return raw[starts[i]] == '1' && raw[starts[i] + 1] != '6';
        }

        /** The index of the entry named {@code name} (a file or a directory), or -1. */
        int indexOf(byte[] name) {
            int file = indexOf(name, false);
            return file >= 0 ? file : indexOf(name, true);
        }

        /** The index of the entry named {@code name} that is a tree (when {@code tree}) or not, or -1: a binary search in Git's order. */
        int indexOf(byte[] name, boolean tree) {
            byte[] key = tree ? Arrays.copyOf(name, name.length + 1) : name;
            if (tree) {
                key[name.length] = '/';
            }
            int low = 0;
            int high = size - 1;
            while (low <= high) {
                int middle = (low + high) >>> 1;
                int c = compareTo(middle, key);
                if (c < 0) {
                    low = middle + 1;
                } else if (c > 0) {
                    high = middle - 1;
                } else {
                    return isTree(middle) == tree ? middle : -1;
                }
            }
            return -1;
        }

        /** Entry {@code i}'s place in Git's order against {@code key}: its name, with '/' after a tree's, compared as unsigned bytes. */
        int compareTo(int i, byte[] key) {
            int from = names[i];
            int length = ids[i] - 1 - from;
            int keyed = length + (isTree(i) ? 1 : 0);
            int common = Math.min(length, key.length);
            int c = Arrays.compareUnsigned(raw, from, from + common, key, 0, common);
            if (c != 0) {
                return c;
            }
            for (int at = common; at < Math.min(keyed, key.length); at++) {
                int mine = at < length ? raw[from + at] & 0xff : '/';
                int theirs = key[at] & 0xff;
                if (mine != theirs) {
                    return Integer.compare(mine, theirs);
                }
            }
            return Integer.compare(keyed, key.length);
        }
    }
}
