package dev.stepwise.git.jgit;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.istio.IstioMeshRenderer;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.StoredRolloutJson;
import dev.stepwise.traffic.TrafficSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The GitOps repository of the {@code kill -9} crash test as the bare repository on disk holds
 * it, read with plain JGit (never through the code under test): the route's split and the stored
 * rollout at every commit of {@code main}, and every value {@code main} ever had (its reflog).
 */
final class RemoteHistory implements AutoCloseable {

    static final String BRANCH = "refs/heads/main";
    static final String STATE_FILE = GitStateStore.DEFAULT_ROOT + "/" + ReleaseTrain.ID + ".json";

    private final Path bare;
    private final Repository repository;
    private final IstioMeshRenderer renderer = ReleaseTrain.renderer();
    private final List<String> trafficFiles;

    private RemoteHistory(Path bare, Repository repository) {
        this.bare = bare;
        this.repository = repository;
        this.trafficFiles = renderer.resources().stream().map(RepositoryLayout.under("apps")).toList();
    }

    static RemoteHistory open(Path bare) {
        try {
            return new RemoteHistory(bare, new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The commits of {@code main}, oldest first, following first parents. */
    List<Snapshot> mainline() {
        try (RevWalk walk = new RevWalk(repository)) {
            List<Snapshot> snapshots = new ArrayList<>();
            RevCommit commit = walk.parseCommit(head());
            while (true) {
                snapshots.add(snapshot(commit));
                if (commit.getParentCount() == 0) {
                    break;
                }
                commit = walk.parseCommit(commit.getParent(0));
            }
            Collections.reverse(snapshots);
            return snapshots;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The split {@code main}'s head holds: what a GitOps controller would apply now. */
    TrafficSplit headSplit() {
        try (RevWalk walk = new RevWalk(repository)) {
            return split(walk.parseCommit(head())).orElse(TrafficSplit.allStable());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The commit {@code main} points to now. */
    String headId() {
        try {
            return head().name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every commit {@code main} pointed to, in order, from its reflog. */
    List<String> reflog() {
        Path log = bare.resolve("logs").resolve(BRANCH);
        try {
            return Files.readAllLines(log).stream().map(line -> line.split(" ")[1]).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code commit} is in {@code main}'s history. */
    boolean reachable(String commit) {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.isMergedInto(walk.parseCommit(ObjectId.fromString(commit)), walk.parseCommit(head()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectId head() throws IOException {
        Ref ref = repository.exactRef(BRANCH);
        if (ref == null) {
            throw new IllegalStateException(bare + " has no " + BRANCH);
        }
        return ref.getObjectId();
    }

    private Snapshot snapshot(RevCommit commit) throws IOException {
        List<String> trafficBlobs = new ArrayList<>();
        for (String path : trafficFiles) {
            trafficBlobs.add(blob(commit, path).map(ObjectId::name).orElse(""));
        }
        Optional<StoredRollout> state = content(commit, STATE_FILE).map(StoredRolloutJson::fromJson);
        return new Snapshot(commit.name(), commit.getShortMessage(), commit.getParentCount(), split(commit),
                String.join(",", trafficBlobs), state);
    }

    private Optional<TrafficSplit> split(RevCommit commit) throws IOException {
        List<Manifest> stored = new ArrayList<>();
        for (String path : trafficFiles) {
            content(commit, path).map(Manifest::parse).ifPresent(stored::add);
        }
        return stored.isEmpty() ? Optional.empty() : renderer.parse(stored);
    }

    private Optional<String> content(RevCommit commit, String path) throws IOException {
        Optional<ObjectId> blob = blob(commit, path);
        if (blob.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new String(repository.open(blob.get()).getBytes(), StandardCharsets.UTF_8));
    }

    private Optional<ObjectId> blob(RevCommit commit, String path) throws IOException {
        try (TreeWalk tree = TreeWalk.forPath(repository, path, commit.getTree())) {
            return tree == null ? Optional.empty() : Optional.of(tree.getObjectId(0));
        }
    }

    @Override
    public void close() {
        repository.close();
    }

    /**
     * One commit of {@code main}: its route's split (empty before the route's files exist), the
     * blob ids of those files (to tell which commits changed them), and the stored rollout.
     */
    record Snapshot(String id, String subject, int parents, Optional<TrafficSplit> split, String trafficBlobs,
                    Optional<StoredRollout> state) {
    }
}
