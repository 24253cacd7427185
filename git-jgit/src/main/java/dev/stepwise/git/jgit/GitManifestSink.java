package dev.stepwise.git.jgit;

import dev.stepwise.spi.Backoff;
import dev.stepwise.spi.Retrier;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend;
import dev.stepwise.gitops.GitBackend.CommitInfo;
import dev.stepwise.gitops.GitBackend.GitFile;
import dev.stepwise.gitops.GitBackend.PushOutcome;
import dev.stepwise.gitops.PublishRejectedException;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
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
 * right after this sink's own push of the files reads at or after the pushed commit without
 * syncing; a {@link JGitBackend} reuses a head confirmed within its {@link JGitBackendBuilder#syncReuse}
 * window) and sets each manifest's {@code metadata.resourceVersion}, in memory only, to its file's
 * blob id. {@link #write} commits only while each file's blob is still the one read (absent for a
 * manifest without a version); otherwise it throws {@link ManifestConflictException} and the router
 * reads and renders again. A pushed write goes through {@link GitBackend#publish}: the checks and
 * the commit run on the head the backend gives, and a {@link JGitBackend} publishes the writes of
 * all rollouts queued meanwhile as one chain of commits (one per write, each with its own audit
 * message) and one push. A rejected push is retried: checked again and committed on the new head,
 * at most {@link GitManifestSinkBuilder#pushAttempts} times with a doubling backoff. Nothing is
 * ever forced or reset away. A pull request is committed and pushed to its branch in one
 * {@link GitBackend#exclusively} hold.
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
 * <p>Thread-safe, without a lock of its own: each call keeps its state to itself, and pushed writes
 * of many rollouts go out together ({@link GitBackend#publish}). The backend's credentials never
 * appear in a message.
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
    /** Path to the commit our last push of it put on the remote branch, until the next read of it; see {@link #readBack}. */
    private final Map<String, String> pushed = new ConcurrentHashMap<>();

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

    /**
     * {@inheritDoc} The backend, when writes are pushed to its branch; empty with
     * {@link Delivery#PULL_REQUEST} (a write is a proposal, not yet the route).
     */
    @Override
    public Optional<GitBackend> repository() {
        return delivery == Delivery.PULL_REQUEST ? Optional.empty() : Optional.of(backend);
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

    /**
     * {@inheritDoc} At the head this backend fetched or pushed last ({@link GitBackend#readCurrent}),
     * without waiting for a fresh one: the write that follows is checked at the head it is
     * committed on, so a person's commit since that head makes it a {@link ManifestConflictException}
     * (or, for a change of theirs mid-rollout, a {@link ConflictingChangeException}) and the router
     * reads again with {@link #read}. A step's read no longer waits for another batch's push.
     */
    @Override
    public List<Manifest> readForWrite(List<ResourceRef> refs) {
        InvalidValueException.requireNonNull("refs", refs);
        List<String> files = refs.stream().map(this::path).toList();
        files.forEach(pushed::remove);
        return backend.readCurrent(head -> readAll(head, refs, files));
    }

    private List<Manifest> read(List<ResourceRef> refs, boolean back) {
        InvalidValueException.requireNonNull("refs", refs);
        List<String> files = refs.stream().map(this::path).toList();
        List<String> ours = files.stream().map(pushed::remove).filter(java.util.Objects::nonNull).toList();
        boolean confirmedByPush = back && !files.isEmpty() && ours.size() == files.size();
        if (confirmedByPush) {
            // the remote branch held our pushed commits; the head pushed or fetched last is at or after them
            Optional<List<Manifest>> atOurs = backend.readCurrent(head -> ours.stream().allMatch(head::contains)
                    ? Optional.of(readAll(head, refs, files)) : Optional.empty());
            if (atOurs.isPresent()) {
                return atOurs.get();
            }
        }
        return backend.readSynced(head -> readAll(head, refs, files));
    }

    private List<Manifest> readAll(GitBackend.Snapshot head, List<ResourceRef> refs, List<String> files) {
        List<Manifest> found = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            ResourceRef ref = refs.get(i);
            head.read(files.get(i)).ifPresent(file -> found.add(versioned(ref, file)));
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

    private void commitAndPush(PendingWrite change, CommitMessage message, Optional<StepNote> note) {
        if (delivery == Delivery.PULL_REQUEST) {
            propose(change, message, note);
        } else {
            publish(change, message, checksForeignCommits(note));
        }
    }

    /**
     * Publishes the change on the target branch with {@link GitBackend#publish} (with other
     * rollouts' changes, as one push): the checks and the commit run on the head the batch gives.
     */
    private void publish(PendingWrite change, CommitMessage message, boolean checkForeign) {
        retrier.run(attempt -> {
            AtomicBoolean made = new AtomicBoolean();
            String commit = backend.publish(head -> {
                requireUnchanged(change, checkForeign);
                String committed = backend.commit(change.contents(), message, head);
                made.set(!committed.equals(head));
                return committed;
            });
            if (made.get()) {
                change.paths().forEach(path -> {
                    pushed.put(path, commit);
                    foreignCommits.wrote(path, commit, change.contents().getOrDefault(path, Optional.empty()));
                });
                LOG.info("{}: committed and pushed {}", change.refs(), ForeignCommits.shortId(commit));
            }
            return Boolean.TRUE;
        }, new PushRejections(change, retrier.backoff().maxAttempts()));
    }

    /** Commits the change on a synced head and pushes it to a branch of its own, in one hold. */
    private void propose(PendingWrite change, CommitMessage message, Optional<StepNote> note) {
        retrier.run(attempt -> backend.exclusively(() -> {
            String parent = backend.sync();
            requireUnchanged(change, false);
            String commit = backend.commit(change.contents(), message, parent);
            if (commit.equals(parent)) {
                return Boolean.TRUE;
            }
            String branch = PendingWrite.branch(change, note, commit);
            if (backend.pushTo(branch) == PushOutcome.REJECTED) {
                throw new PushRejectedException(branch, 1, "the branch holds other commits; merge or delete it");
            }
            LOG.info("{}: proposed {} on {}", change.refs(), ForeignCommits.shortId(commit), branch);
            return Boolean.TRUE;
        }), new PushRejections(change, retrier.backoff().maxAttempts()));
    }

    /**
     * A push the target branch's movement rejected: sync and commit again after a backoff; a head
     * another user of the working copy moved: at once. Out of attempts, the former is a
     * {@link PushRejectedException}, the latter the {@link StaleHeadException} itself.
     */
    private record PushRejections(PendingWrite change, int attempts) implements Retrier.Failures {

        @Override
        public boolean isRetriable(RuntimeException failure) {
            return failure instanceof PublishRejectedException || failure instanceof StaleHeadException;
        }

        @Override
        public boolean waitsAfter(RuntimeException failure) {
            return failure instanceof PublishRejectedException;
        }

        @Override
        public void retrying(RuntimeException failure, int attempt, Duration wait) {
            if (failure instanceof PublishRejectedException) {
                LOG.info("{}: push rejected (attempt {} of {}); syncing and committing again", change.refs(), attempt,
                        attempts);
            }
        }

        @Override
        public RuntimeException exhausted(RuntimeException last, int tried) {
            return last instanceof PublishRejectedException ? new PushRejectedException("the target branch", tried,
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
            String found = backend.read(path).map(GitFile::blobId).orElse("");
            if (checkForeign) {
                List<CommitInfo> theirs = foreignCommits.since(path, found);
                if (!theirs.isEmpty()) {
                    throw new ConflictingChangeException(path, ForeignCommits.describe(theirs));
                }
            }
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
