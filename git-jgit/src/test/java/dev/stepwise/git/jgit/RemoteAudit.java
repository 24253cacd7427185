package dev.stepwise.git.jgit;

import dev.stepwise.spi.StoredRolloutJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * What a bare remote's {@code main} ever held, read from its own object database: each version
 * of each file in its history, to tell which writes that returned never reached it.
 */
final class RemoteAudit {

    /** Every (path, content) the history holds; a state file by the version it stores. */
    private final Set<SharedWorkingCopyTest.Write> held;
    private final Map<String, String> atHead;

    private RemoteAudit(Set<SharedWorkingCopyTest.Write> held, Map<String, String> atHead) {
        this.held = held;
        this.atHead = atHead;
    }

    /** Reads every commit on {@code main} of the bare repository in {@code directory}. */
    static RemoteAudit of(Path directory) {
        Set<SharedWorkingCopyTest.Write> held = new HashSet<>();
        Map<String, String> atHead = new HashMap<>();
        try (Repository repository = Git.open(directory.toFile()).getRepository(); RevWalk walk = new RevWalk(repository)) {
            Ref main = repository.exactRef("refs/heads/main");
            if (main == null) {
                return new RemoteAudit(held, atHead);
            }
            walk.markStart(walk.parseCommit(main.getObjectId()));
            boolean head = true;
            for (RevCommit commit : walk) {
                Map<String, String> files = files(repository, commit);
                files.forEach((path, content) -> held.add(write(path, content)));
                if (head) {
                    files.forEach((path, content) -> atHead.put(path, write(path, content).content()));
                    head = false;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RemoteAudit(held, atHead);
    }

    /** The writes that returned but whose content the remote never held (a version returned twice counts once held). */
    Lost lost(SharedWorkingCopyTest.SharedWrites writes) {
        List<SharedWorkingCopyTest.Write> done = List.copyOf(writes.done());
        Set<SharedWorkingCopyTest.Write> found = new HashSet<>();
        int traffic = 0;
        int state = 0;
        for (SharedWorkingCopyTest.Write write : done) {
            if (!held.contains(write) || !found.add(write)) {
                if (write.state()) {
                    state++;
                } else {
                    traffic++;
                }
            }
        }
        return new Lost(done.size(), traffic, state);
    }

    /** Routes whose file at the remote's head is not the last write that returned for it. */
    int unfinished(SharedWorkingCopyTest.SharedWrites writes) {
        Map<String, String> last = new LinkedHashMap<>();
        for (SharedWorkingCopyTest.Write write : List.copyOf(writes.done())) {
            if (!write.state()) {
                last.put(write.path(), write.content());
            }
        }
        return (int) last.entrySet().stream().filter(e -> !e.getValue().equals(atHead.get(e.getKey()))).count();
    }

    private static SharedWorkingCopyTest.Write write(String path, String content) {
        boolean state = path.startsWith(GitStateStore.DEFAULT_ROOT + "/");
        return new SharedWorkingCopyTest.Write(path,
                state ? Long.toString(StoredRolloutJson.fromJson(content).version()) : content, state);
    }

    private static Map<String, String> files(Repository repository, RevCommit commit) throws IOException {
        Map<String, String> files = new HashMap<>();
        try (TreeWalk tree = new TreeWalk(repository)) {
            tree.addTree(commit.getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                files.put(tree.getPathString(),
                        new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /**
     * Writes that returned and were not on the remote.
     *
     * @param returned every write that returned
     * @param traffic  lost traffic writes
     * @param state    lost state saves
     */
    record Lost(int returned, int traffic, int state) {
        int total() {
            return traffic + state;
        }

        @Override
        public String toString() {
            return total() + " of " + returned + " writes lost (" + traffic + " traffic, " + state + " state)";
        }
    }
}
