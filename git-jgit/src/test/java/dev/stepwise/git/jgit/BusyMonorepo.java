package dev.stepwise.git.jgit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Other teams' commits in a monorepo: each changes the root file {@value #FILE} on the bare
 * repository's {@code main}, written straight into its object database so that thousands take
 * seconds, not minutes.
 */
final class BusyMonorepo {

    static final String FILE = "other-team.txt";

    private BusyMonorepo() {
    }

    /** Appends {@code count} commits by another team to {@code remote}'s {@code main}. */
    static void commit(BareRepository remote, int count) {
        try (Repository repository = Git.open(Path.of(URI.create(remote.uri())).toFile()).getRepository();
             // one pack rather than three loose objects a commit: a clone of 10,000 commits takes seconds
             ObjectInserter inserter = ((ObjectDirectory) repository.getObjectDatabase()).newPackInserter();
             RevWalk walk = new RevWalk(repository)) {
            String ref = "refs/heads/" + BareRepository.BRANCH;
            ObjectId head = repository.exactRef(ref).getObjectId();
            List<Entry> others = rootEntriesBut(repository, walk.parseCommit(head).getTree(), FILE);
            PersonIdent team = new PersonIdent("Other Team", "other@example.com");
            for (int i = 0; i < count; i++) {
                List<Entry> entries = new ArrayList<>(others);
                entries.add(new Entry(FILE, FileMode.REGULAR_FILE,
                        inserter.insert(Constants.OBJ_BLOB, ("change " + i + "\n").getBytes(StandardCharsets.UTF_8))));
                entries.sort(Comparator.comparing(Entry::sortKey));
                TreeFormatter tree = new TreeFormatter();
                entries.forEach(e -> tree.append(e.name(), e.mode(), e.id()));
                CommitBuilder commit = new CommitBuilder();
                commit.setTreeId(inserter.insert(tree));
                commit.setParentId(head);
                commit.setAuthor(team);
                commit.setCommitter(team);
                commit.setMessage("Other team, change " + i + "\n");
                head = inserter.insert(commit);
            }
            inserter.flush();
            RefUpdate update = repository.updateRef(ref);
            update.setNewObjectId(head);
            RefUpdate.Result result = update.forceUpdate();
            if (result != RefUpdate.Result.FORCED && result != RefUpdate.Result.FAST_FORWARD) {
                throw new IllegalStateException("could not move " + ref + ": " + result);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Entry> rootEntriesBut(Repository repository, ObjectId tree, String name) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(tree);
            while (walk.next()) {
                if (!walk.getPathString().equals(name)) {
                    entries.add(new Entry(walk.getPathString(), walk.getFileMode(0), walk.getObjectId(0)));
                }
            }
        }
        return entries;
    }

    /** One root tree entry; Git orders a tree's name as if it ended with '/'. */
    private record Entry(String name, FileMode mode, ObjectId id) {
        String sortKey() {
            return mode == FileMode.TREE ? name + "/" : name;
        }
    }
}
