package dev.stepwise.git.jgit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.gitops.CommitMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CommitWriter} writes trees with {@link TreeEditor}, rewriting only the trees on the changed
 * paths: its trees must be exactly the trees Git itself writes for the same files (same ids), in
 * Git's entry order, with emptied directories gone.
 */
@DisplayName("CommitWriter's trees")
class TreeEditorTest {

    private static final CommitMessage MESSAGE = new CommitMessage("edit", "", Map.of());
    private static final PersonIdent WHO = new PersonIdent("Stepwise", "stepwise@localhost", 0, 0);

    @TempDir
    Path dir;

    private Repository repository;

    @BeforeEach
    void open() throws IOException {
        repository = FileRepositoryBuilder.create(dir.resolve("repo.git").toFile());
        repository.create(true);
    }

    @AfterEach
    void close() {
        repository.close();
    }

    @Test
    @DisplayName("are the trees git write-tree makes, in Git's order of names ('a-b' and 'a.b' before directory 'a', 'a0' after it)")
    void sameTreesAsGit() throws Exception {
        Map<String, String> files = new TreeMap<>(Map.of(
                "a/x.yaml", "x\n", "a-b", "1\n", "a.b", "2\n", "a0", "3\n", "a/y/z.json", "{}\n",
                ".stepwise/state/test/podinfo.json", "{\"v\":1}\n", "apps/test/virtualservice-podinfo.yaml", "kind: VirtualService\n"));
        ObjectId commit = write(null, changes(files));
        assertThat(treeOf(commit)).isEqualTo(gitWriteTree(files));

        // one file changed, one added deep, one deleted so that its directory empties
        files.put("a/x.yaml", "x2\n");
        files.put("apps/test/destinationrule-podinfo.yaml", "kind: DestinationRule\n");
        files.remove("a/y/z.json");
        Map<String, Optional<String>> next = new TreeMap<>();
        next.put("a/x.yaml", Optional.of("x2\n"));
        next.put("apps/test/destinationrule-podinfo.yaml", Optional.of("kind: DestinationRule\n"));
        next.put("a/y/z.json", Optional.empty());
        ObjectId second = write(commit, next);
        assertThat(treeOf(second)).isEqualTo(gitWriteTree(files));
    }

    @Test
    @DisplayName("equal Git's index for 300 random edits of a 3-level tree, deletions emptying directories included")
    void randomEdits() throws Exception {
        Random random = new Random(42);
        Map<String, String> files = new TreeMap<>();
        ObjectId head = null;
        String[] names = {"a", "a-b", "a.b", "a0", "b", "apps", "x.yaml", "z"};
        for (int i = 0; i < 300; i++) {
            String path = names[random.nextInt(4)] + "/" + names[4 + random.nextInt(4)] + (random.nextBoolean() ? "/" + names[random.nextInt(8)] + ".f" : ".f");
            if (conflicts(files, path)) {
                continue;
            }
            Map<String, Optional<String>> change = new TreeMap<>();
            if (files.containsKey(path) && random.nextInt(3) == 0) {
                files.remove(path);
                change.put(path, Optional.empty());
            } else {
                String content = "v" + i + "\n";
                files.put(path, content);
                change.put(path, Optional.of(content));
            }
            Optional<ObjectId> made = CommitWriter.write(repository, head, change, MESSAGE, WHO, WHO);
            if (made.isPresent()) {
                head = made.get();
                assertThat(treeOf(head)).as("after edit %d of %s", i, path).isEqualTo(indexTree(files));
            }
        }
        assertThat(files).hasSizeGreaterThan(10);
    }

    @Test
    @DisplayName("equal Git's index for 200 random commits of 1 to 6 edits each, the trees kept in one cache from commit to commit")
    void randomCommitsThroughOneCache() throws Exception {
        Random random = new Random(7);
        TreeCache trees = new TreeCache(TreeCache.DEFAULT_MAX_BYTES);
        Map<String, String> files = new TreeMap<>();
        ObjectId head = null;
        String[] names = {"a", "a-b", "a.b", "a0", "b", "apps", "x.yaml", "z", "\u00e9t\u00e9"};
        for (int i = 0; i < 200; i++) {
            Map<String, Optional<String>> change = new TreeMap<>();
            Map<String, String> after = new TreeMap<>(files);
            for (int e = random.nextInt(6); e >= 0; e--) {
                String path = names[random.nextInt(5)] + "/" + names[4 + random.nextInt(5)]
                        + (random.nextBoolean() ? "/" + names[random.nextInt(9)] + ".f" : ".f");
                if (conflicts(after, path) || change.containsKey(path)) {
                    continue;
                }
                if (after.containsKey(path) && random.nextInt(3) == 0) {
                    after.remove(path);
                    change.put(path, Optional.empty());
                } else {
                    after.put(path, "v" + i + "-" + e + "\n");
                    change.put(path, Optional.of(after.get(path)));
                }
            }
            Optional<ObjectId> made = CommitWriter.write(repository, trees, head, change, MESSAGE, WHO, WHO);
            files = after;
            if (made.isPresent()) {
                head = made.get();
                assertThat(treeOf(head)).as("after commit %d: %s", i, change).isEqualTo(indexTree(files));
            }
        }
        assertThat(files).hasSizeGreaterThan(10);
        assertThat(trees.hits()).as("trees read from the cache: %s", trees).isGreaterThan(trees.misses());
    }

    @Test
    @DisplayName("a directory emptied and a file of the same name put in one commit: the file takes its place in Git's order")
    void fileWhereDirectoryEmptied() throws Exception {
        ObjectId commit = write(null, changes(Map.of("a/x.yaml", "x\n", "a-b", "1\n", "a0", "2\n")));
        Map<String, Optional<String>> change = new TreeMap<>();
        change.put("a/x.yaml", Optional.empty());
        change.put("a", Optional.of("now a file\n"));
        ObjectId replaced = write(commit, change);
        assertThat(treeOf(replaced)).isEqualTo(gitWriteTree(Map.of("a", "now a file\n", "a-b", "1\n", "a0", "2\n")));
    }

    @Test
    @DisplayName("a change that leaves every file as it is makes no commit; deleting a missing file is no change")
    void noChange() throws Exception {
        ObjectId commit = write(null, changes(Map.of("a/x.yaml", "x\n")));
        assertThat(CommitWriter.write(repository, commit, Map.of("a/x.yaml", Optional.of("x\n"), "a/gone.yaml", Optional.empty()),
                MESSAGE, WHO, WHO)).isEmpty();
    }

    @Test
    @DisplayName("deleting the last file leaves the empty tree; a path through a file, or a file over a directory, is refused by name")
    void emptyTreeAndConflicts() throws Exception {
        ObjectId commit = write(null, changes(Map.of("a/x.yaml", "x\n")));
        ObjectId empty = write(commit, Map.of("a/x.yaml", Optional.empty()));
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            assertThat(treeOf(empty)).isEqualTo(inserter.idFor(Constants.OBJ_TREE, new byte[0]));
        }
        assertThatThrownBy(() -> write(commit, changes(Map.of("a/x.yaml/b", "b\n"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a/x.yaml is a file, not a directory");
        assertThatThrownBy(() -> write(commit, changes(Map.of("a", "b\n"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a is a directory, not a file");
    }

    private ObjectId write(@Nullable ObjectId parent, Map<String, Optional<String>> changes) throws IOException {
        return CommitWriter.write(repository, parent, changes, MESSAGE, WHO, WHO).orElseThrow();
    }

    private ObjectId treeOf(ObjectId commit) throws IOException {
        return CommitWriter.treeOf(repository, commit);
    }

    private static Map<String, Optional<String>> changes(Map<String, String> files) {
        Map<String, Optional<String>> changes = new TreeMap<>();
        files.forEach((path, content) -> changes.put(path, Optional.of(content)));
        return changes;
    }

    /** Whether {@code path} would run through a file, or put a file over a directory, of {@code files}. */
    private static boolean conflicts(Map<String, String> files, String path) {
        for (String existing : files.keySet()) {
            if (existing.startsWith(path + "/") || path.startsWith(existing + "/")) {
                return true;
            }
        }
        return false;
    }

    /** The tree JGit's index (DirCache) writes for {@code files}: every tree built and hashed from scratch. */
    private ObjectId indexTree(Map<String, String> files) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                DirCacheEntry entry = new DirCacheEntry(file.getKey());
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(StandardCharsets.UTF_8)));
                builder.add(entry);
            }
            builder.finish();
            ObjectId tree = index.writeTree(inserter);
            inserter.flush();
            return tree;
        }
    }

    /** The tree the real {@code git} writes for {@code files} (init, write the files, add, write-tree). */
    private ObjectId gitWriteTree(Map<String, String> files) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(dir, "git");
        run(work, "git", "init", "-q", ".");
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = work.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        run(work, "git", "add", "-A");
        return ObjectId.fromString(run(work, "git", "write-tree").strip());
    }

    private static String run(Path work, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).directory(work.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", List.of(command), out).isZero();
        return out;
    }
}
