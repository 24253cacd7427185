package dev.stepwise.git.jgit.internal;

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
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.jspecify.annotations.Nullable;

/**
 * Writes the tree of a commit from its parent's tree and a few file edits, rewriting only the
 * trees on the edited paths: every other subtree keeps its id and is neither read nor hashed.
 * A commit to one file of a monorepo therefore costs the directories on that file's path, not the
 * whole repository (an in-memory {@code DirCache} reads, sorts and hashes every entry of every
 * tree). A directory left empty by deletions disappears from its parent, as in Git.
 */
final class TreeEditor {

    /** Git's order of tree entries: by name bytes, a directory's name compared as if it ended with '/'. */
    private static final Comparator<Entry> GIT_ORDER = (a, b) -> Arrays.compareUnsigned(a.sortKey(), b.sortKey());

    private TreeEditor() {
    }

    /**
     * The id of {@code tree} (null: the empty tree) with {@code edits} applied: a path to a blob id
     * puts that blob there as a regular file, a path to empty deletes the file. Paths are
     * '/'-separated and relative to the tree's root.
     *
     * @throws IllegalArgumentException when a path runs through a file, or puts a file where a directory is
     */
    static ObjectId apply(ObjectReader reader, ObjectInserter inserter, @Nullable ObjectId tree,
                          Map<String, Optional<ObjectId>> edits) throws IOException {
        ObjectId edited = edit(reader, inserter, tree, edits, "");
        return edited != null ? edited : inserter.insert(new TreeFormatter());
    }

    /** The edited tree's id, or null when it is left empty. */
    private static @Nullable ObjectId edit(ObjectReader reader, ObjectInserter inserter, @Nullable ObjectId tree,
                                           Map<String, Optional<ObjectId>> edits, String where) throws IOException {
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
        Map<String, Entry> entries = read(reader, tree);
        for (Map.Entry<String, Map<String, Optional<ObjectId>>> directory : below.entrySet()) {
            String name = directory.getKey();
            Entry current = entries.get(name);
            if (current != null && !current.isTree()) {
                throw new IllegalArgumentException(where + name + " is a file, not a directory");
            }
            ObjectId subtree = edit(reader, inserter, current == null ? null : current.id(), directory.getValue(),
                    where + name + "/");
            if (subtree == null) {
                entries.remove(name);
            } else {
                entries.put(name, Entry.of(name, FileMode.TREE, subtree));
            }
        }
        for (Map.Entry<String, Optional<ObjectId>> file : files.entrySet()) {
            String name = file.getKey();
            Entry current = entries.get(name);
            if (current != null && current.isTree()) {
                throw new IllegalArgumentException(where + name + " is a directory, not a file");
            }
            if (file.getValue().isPresent()) {
                entries.put(name, Entry.of(name, FileMode.REGULAR_FILE, file.getValue().get()));
            } else {
                entries.remove(name);
            }
        }
        if (entries.isEmpty()) {
            return null;
        }
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(GIT_ORDER);
        TreeFormatter formatter = new TreeFormatter();
        for (Entry entry : sorted) {
            formatter.append(entry.nameBytes(), entry.mode(), entry.id());
        }
        return inserter.insert(formatter);
    }

    /** The entries of {@code tree} by name (none for null). */
    private static Map<String, Entry> read(ObjectReader reader, @Nullable ObjectId tree) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (tree == null) {
            return entries;
        }
        CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
        while (!parser.eof()) {
            String name = parser.getEntryPathString();
            entries.put(name, Entry.of(name, parser.getEntryFileMode(), parser.getEntryObjectId()));
            parser.next(1);
        }
        return entries;
    }

    /** One entry of a tree, with the bytes Git orders it by. */
    private record Entry(String name, FileMode mode, ObjectId id, byte[] sortKey) {

        static Entry of(String name, FileMode mode, ObjectId id) {
            boolean tree = mode.getObjectType() == Constants.OBJ_TREE;
            return new Entry(name, mode, id, (tree ? name + "/" : name).getBytes(StandardCharsets.UTF_8));
        }

        boolean isTree() {
            return mode.getObjectType() == Constants.OBJ_TREE;
        }

        byte[] nameBytes() {
            return name.getBytes(StandardCharsets.UTF_8);
        }
    }
}
