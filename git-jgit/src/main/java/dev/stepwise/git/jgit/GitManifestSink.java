package dev.stepwise.git.jgit;

import dev.stepwise.spi.Backoff;
import dev.stepwise.spi.Retrier;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend;
import dev.stepwise.gitops.GitBackend.CommitInfo;
import dev.stepwise.gitops.GitBackend.GitFile;
import dev.stepwise.gitops.GitBackend.PushOutcome;
import dev.stepwise.gitops.StaleHeadException;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.ManifestConflictException;
import dev.stepwise.mesh.ManifestSink;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.spi.ConflictingChangeException;
import dev.stepwise.spi.StepNote;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ManifestSink} writing each resource as a YAML file in a Git repository that a GitOps
 * controller (Argo CD, Flux) reconciles the cluster from: every write is one commit whose message
 * is the audit record ({@link AuditCommitMessage}: rollout, step, split before and after,
 * decision, reason, verdicts, trailers), pushed to the target branch, or, with
 * {@link Delivery#PULL_REQUEST}, to a branch of its own for a person to merge.
 *
 * <p><b>Files.</b> One resource per file, at {@link GitManifestSinkBuilder#paths the configured path}; by default
 * {@code <baseDir>/<namespace>/<kind in lower case>-<name>.yaml} ({@code _cluster} for a
 * cluster-scoped resource). The content is {@link Manifest#toYaml()} (keys in the renderer's
 * order, so each step's diff is just the weights) without fields a server owns
 * ({@code status}, {@code metadata.resourceVersion}, {@code uid}, {@code generation},
 * {@code creationTimestamp}, {@code managedFields}, {@code selfLink}).
 *
 * <p><b>Compare-and-set.</b> {@link #read} syncs to the remote branch's head (a {@link #readBack}
 * right after this sink's own push reads at the pushed commit; a {@link JGitBackend} reuses a head
 * confirmed within its {@link JGitBackendBuilder#syncReuse} window) and sets each
 * manifest's {@code metadata.resourceVersion}, in memory only, to its file's blob id. {@link #write}
 * commits only while each file's blob is still the one read (absent for a manifest without a
 * version); otherwise it throws {@link ManifestConflictException} and the router reads and renders
 * again. A rejected push is retried: sync, check the files again, commit the same change on the new
 * head, push, at most {@link GitManifestSinkBuilder#pushAttempts} times with a doubling backoff. Nothing is ever
 * forced or reset away. Sync, checks, commit and push of one attempt run in one
 * {@link GitBackend#exclusively} hold, and the push is of that very commit, so that a state store or
 * another sink sharing the backend cannot drop the commit before it is pushed; the backoff waits
 * outside the hold.
 *
 * <p><b>Changes by people.</b> A commit made outside Stepwise to one of the files while a rollout
 * is under way (after a Stepwise commit that left traffic on the canary) stops the rollout's next
 * step with a {@link ConflictingChangeException}: the engine holds the rollout, their commit and
 * ours stay in the history, and when an operator resumes or aborts, the engine applies the step
 * again with {@link StepNote#overridesConflict()} set, rendered over their
 * version (their other edits kept). The check reads the history only (commits without the
 * {@value AuditCommitMessage#SPLIT} trailer are someone else's), so a restarted engine finds the
 * same. Edits made between rollouts are the user's baseline, and changes outside a rollout (a route
 * set up or released) are not checked. With pull requests the check is off: a person merges every
 * change, and the next change is rendered over what was merged.
 *
 * <p><b>Rollback</b> is a commit too: the router writes the stable split like any other step. A
 * {@code git revert} of the rollout's commits would take one revert per step, could conflict with
 * a person's commit in between, and would undo their changes to the same file with ours; writing
 * the stable split over the head keeps everything else in the file as it is now.
 *
 * <p>Thread-safe: calls are serialised. The backend's credentials never appear in a message.
 */
public final class GitManifestSink implements ManifestSink {

    /** Attempts at pushing one change while the branch keeps moving, by default. */
    public static final int DEFAULT_PUSH_ATTEMPTS = 5;
    /** The wait after the first rejected push, doubling after each, by default. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    /** Prefix of pull-request branches: {@code stepwise/<namespace>-<name>/<step>}. */
    public static final String BRANCH_PREFIX = "stepwise/";

    private static final Logger LOG = LoggerFactory.getLogger(GitManifestSink.class);
    private static final List<String> SERVER_METADATA = List.of("resourceVersion", "uid", "generation",
            "creationTimestamp", "managedFields", "selfLink");

    private final GitBackend backend;
    private final Function<ResourceRef, String> paths;
    private final Delivery delivery;
    private final Retrier retrier;
    private final ForeignCommits foreignCommits;
    private @Nullable String head;
    /** The commit our last push put on the remote branch, until the next read; see {@link #readBack}. */
    private Optional<String> pushedHead = Optional.empty();

    GitManifestSink(GitManifestSinkBuilder b) {
        this.backend = b.backend();
        this.paths = b.paths();
        this.delivery = b.delivery();
        this.retrier = Retrier.of(Backoff.doubling(b.initialBackoff(), b.pushAttempts()), b.sleeper());
        this.foreignCommits = new ForeignCommits(backend);
    }

    /** A sink on {@code backend} with every default: files under the repository's root, pushed to its branch. */
    public static GitManifestSink of(GitBackend backend) {
        return builder(backend).build();
    }

    /** A builder for a sink on {@code backend}; see {@link GitManifestSinkBuilder} for the options and defaults. */
    public static GitManifestSinkBuilder builder(GitBackend backend) {
        return new GitManifestSinkBuilder(backend);
    }

    /** Where {@code ref} is kept in the repository. */
    public String path(ResourceRef ref) {
        return RepositoryLayout.requireRelative(ref, paths.apply(InvalidValueException.requireNonNull("ref", ref)));
    }

    /** {@inheritDoc} Syncs to the remote branch's head first. */
    @Override
    public List<Manifest> read(List<ResourceRef> refs) {
        return read(refs, false);
    }

    /**
     * {@inheritDoc} The first read-back after this sink's own push, with nothing committed in
     * between, answers at the pushed commit without fetching: the remote accepting the push
     * confirmed it held that commit. Any other read-back syncs like {@link #read}.
     */
    @Override
    public List<Manifest> readBack(List<ResourceRef> refs) {
        return read(refs, true);
    }

    private synchronized List<Manifest> read(List<ResourceRef> refs, boolean back) {
        InvalidValueException.requireNonNull("refs", refs);
        boolean confirmedByPush = back && head != null && pushedHead.filter(head::equals).isPresent();
        pushedHead = Optional.empty();
        if (!confirmedByPush) {
            head = backend.sync();
        }
        List<Manifest> found = new ArrayList<>();
        for (ResourceRef ref : refs) {
            backend.read(path(ref)).ifPresent(file -> found.add(versioned(ref, file)));
        }
        return found;
    }

    /** Commits {@code manifests} with a message saying only that they were written outside a rollout. */
    @Override
    public void write(List<Manifest> manifests) {
        PendingWrite change = PendingWrite.of(manifests, this::path, GitManifestSink::forGit);
        commitAndPush(change, AuditCommitMessage.unexplained(change.refs()), Optional.empty());
    }

    /** Commits {@code manifests} with {@code why} as the audit message, then pushes (see the class comment). */
    @Override
    public void write(List<Manifest> manifests, StepNote why, TrafficSplit before, TrafficSplit after) {
        InvalidValueException.requireNonNull("why", why);
        PendingWrite change = PendingWrite.of(manifests, this::path, GitManifestSink::forGit);
        commitAndPush(change, AuditCommitMessage.of(why, before, after, change.refs()), Optional.of(why));
    }

    private synchronized void commitAndPush(PendingWrite change, CommitMessage message, Optional<StepNote> note) {
        // One hold from sync to push: another thread's sync in between would drop the commit.
        retrier.run(attempt -> backend.exclusively(() -> {
            String parent = head != null && attempt == 1 ? head : backend.sync();
            head = parent;
            requireUnchanged(change, checksForeignCommits(note));
            String commit;
            try {
                commit = backend.commit(change.contents(), message, parent);
            } catch (StaleHeadException e) {
                // Someone sharing this working copy (a state store) committed; sync and check again.
                head = null;
                throw e;
            }
            if (!commit.equals(parent) && !push(commit, change, note)) {
                throw new RemoteMovedException();
            }
            return Boolean.TRUE;
        }), new PushRejections(change, retrier.backoff().maxAttempts()));
    }

    /** Pushes {@code commit}; true when done, false when the target branch moved and the change must be made again. */
    private boolean push(String commit, PendingWrite change, Optional<StepNote> note) {
        if (delivery == Delivery.PULL_REQUEST) {
            String branch = PendingWrite.branch(change, note, commit);
            head = null;
            if (backend.pushTo(branch) == PushOutcome.REJECTED) {
                throw new PushRejectedException(branch, 1, "the branch holds other commits; merge or delete it");
            }
            LOG.info("{}: proposed {} on {}", change.refs(), ForeignCommits.shortId(commit), branch);
            return true;
        }
        head = commit;
        if (backend.push(commit) == PushOutcome.PUSHED) {
            pushedHead = Optional.of(commit);
            change.paths().forEach(path -> foreignCommits.wrote(path, commit));
            LOG.info("{}: committed and pushed {}", change.refs(), ForeignCommits.shortId(commit));
            return true;
        }
        head = null;
        return false;
    }

    /**
     * A push the target branch's movement rejected: sync and commit again after a backoff; a head
     * another user of the working copy moved: at once. Out of attempts, the former is a
     * {@link PushRejectedException}, the latter the {@link StaleHeadException} itself.
     */
    private record PushRejections(PendingWrite change, int attempts) implements Retrier.Failures {

        @Override
        public boolean isRetriable(RuntimeException failure) {
            return failure instanceof RemoteMovedException || failure instanceof StaleHeadException;
        }

        @Override
        public boolean waitsAfter(RuntimeException failure) {
            return failure instanceof RemoteMovedException;
        }

        @Override
        public void retrying(RuntimeException failure, int attempt, Duration wait) {
            if (failure instanceof RemoteMovedException) {
                LOG.info("{}: push rejected (attempt {} of {}); syncing and committing again", change.refs(), attempt,
                        attempts);
            }
        }

        @Override
        public RuntimeException exhausted(RuntimeException last, int tried) {
            return last instanceof RemoteMovedException ? new PushRejectedException("the target branch", tried,
                    "other writers kept moving it; the change will be committed again on the next try") : last;
        }

        @Override
        public RuntimeException interrupted(RuntimeException last, int attempt, InterruptedException interruption) {
            return new IllegalStateException("interrupted while waiting to push again", interruption);
        }
    }

    /**
     * Whether a person's mid-rollout commit stops this write: for a rollout's step pushed to the
     * target branch, unless an operator has commanded to go on over it. A change outside a rollout
     * (a route set up, released) is someone's explicit call and renders over what is there.
     */
    private boolean checksForeignCommits(Optional<StepNote> note) {
        return delivery == Delivery.PUSH && note.filter(c -> c.isStep() && !c.overridesConflict()).isPresent();
    }

    /** Our files as read, else a conflict: with a person's mid-rollout commit, or with another writer. */
    private void requireUnchanged(PendingWrite change, boolean checkForeign) {
        for (int i = 0; i < change.paths().size(); i++) {
            String path = change.paths().get(i);
            if (checkForeign) {
                List<CommitInfo> theirs = foreignCommits.since(path);
                if (!theirs.isEmpty()) {
                    throw new ConflictingChangeException(path, ForeignCommits.describe(theirs));
                }
            }
            String found = backend.read(path).map(GitFile::blobId).orElse("");
            String expected = change.expectedBlobs().get(i);
            if (!found.equals(expected)) {
                throw new ManifestConflictException(change.refs().get(i), path + " is "
                        + (found.isEmpty() ? "absent" : "at blob " + found) + ", not "
                        + (expected.isEmpty() ? "absent" : "at blob " + expected) + " as read");
            }
        }
    }

    /** The stored manifest with its blob id as resourceVersion, in memory only. */
    private Manifest versioned(ResourceRef ref, GitFile file) {
        Manifest stored;
        try {
            stored = Manifest.parse(file.content());
        } catch (InvalidValueException e) {
            throw new IllegalStateException(file.path() + " does not hold one Kubernetes resource: " + e.getMessage(), e);
        }
        if (!stored.ref().equals(ref)) {
            throw new IllegalStateException(file.path() + " holds " + stored.ref() + ", not " + ref
                    + "; correct the file or the sink's paths");
        }
        ObjectNode json = stored.json();
        json.withObjectProperty("metadata").put("resourceVersion", file.blobId());
        return Manifest.of(json);
    }

    /** The manifest's YAML as committed: without the fields a server owns. */
    private static String forGit(Manifest manifest) {
        ObjectNode json = manifest.json();
        json.remove("status");
        if (json.get("metadata") instanceof ObjectNode metadata) {
            metadata.remove(SERVER_METADATA);
        }
        return Manifest.of(json).toYaml();
    }

    @Override
    public String toString() {
        return "GitManifestSink[" + delivery + ", " + retrier.backoff().maxAttempts() + " push attempts]";
    }

    /** Where a change goes. */
    public enum Delivery {
        /** Commit on the target branch and push: applied once pushed (the default). */
        PUSH,
        /**
         * Push each change to {@code stepwise/<namespace>-<name>/<step>} for a person to merge; the
         * route reads (and verifies) from the target branch, so a step counts as applied only once
         * merged, by merge, squash or rebase alike.
         */
        PULL_REQUEST
    }
}
