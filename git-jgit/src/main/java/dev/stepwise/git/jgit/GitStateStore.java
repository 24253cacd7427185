package dev.stepwise.git.jgit;

import dev.stepwise.spi.Backoff;
import dev.stepwise.spi.Retrier;
import dev.stepwise.git.jgit.internal.RepoPaths;
import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend;
import dev.stepwise.gitops.GitBackend.PushOutcome;
import dev.stepwise.gitops.StaleHeadException;
import dev.stepwise.spi.StaleStateException;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.StoredRolloutJson;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StateStore} in a Git repository, so that an engine restarted on another machine
 * resumes from Git alone. Each rollout {@code <namespace>/<name>} is the file
 * {@code <root>/<namespace>/<name>.json} (root {@value #DEFAULT_ROOT} unless set) holding
 * {@link StoredRolloutJson}; every save and delete is a commit with the trailers
 * {@value #ROLLOUT_TRAILER} and {@value #VERSION_TRAILER}, pushed at once.
 *
 * <p>{@link #load} and {@link #ids} sync first, so they see what other engines pushed (a
 * {@link JGitBackend} without fetching when its head was confirmed within its reuse window). {@link #save}
 * reads the stored version, compares it with the expected one ({@link StaleStateException}
 * otherwise), commits and pushes. It does so first on the head this store last synced or pushed,
 * without fetching (a load followed by a save costs one fetch); when that head is unknown, the
 * working copy moved since (another user of the backend committed), or the push is rejected, it
 * syncs and goes on as if that first try had not been made. When a push after a sync is rejected
 * because the remote moved it syncs and checks again: another
 * file changed means trying again (after a backoff, at most {@code attempts} times), this file
 * changed means {@link StaleStateException}. Each try (sync or known head, check, commit, push of
 * that very commit) runs in one {@link GitBackend#exclusively} hold, so that another user of the
 * backend cannot drop the commit before it is pushed; backoffs wait outside it. Thread-safe: calls
 * on one store run one at a time.
 */
public final class GitStateStore implements StateStore {

    /** Directory of the state files, unless set. */
    public static final String DEFAULT_ROOT = ".stepwise/state";
    /** Trailer naming the rollout a commit saved or deleted. */
    public static final String ROLLOUT_TRAILER = "Stepwise-Rollout";
    /** Trailer giving the version a save stored. */
    public static final String VERSION_TRAILER = "Stepwise-State-Version";
    /** Attempts of one save or delete while the remote keeps moving, unless set. */
    public static final int DEFAULT_ATTEMPTS = 5;
    /** Wait after the first rejected push, doubled after each further one, unless set. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);

    private static final Logger LOG = LoggerFactory.getLogger(GitStateStore.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*");
    private static final String SUFFIX = ".json";

    private final GitBackend backend;
    private final String root;
    private final Retrier retrier;
    private final ReentrantLock lock = new ReentrantLock();
    /** The remote branch's head as this store last synced or pushed it; empty when unknown. Guarded by {@link #lock}. */
    private Optional<String> knownHead = Optional.empty();

    GitStateStore(GitStateStoreBuilder builder) {
        this.backend = builder.backend();
        this.root = builder.root();
        this.retrier = Retrier.of(Backoff.doubling(builder.initialBackoff(), builder.attempts()), builder.sleeper());
    }

    /** A builder for a store on {@code backend}; see {@link GitStateStoreBuilder} for the defaults. */
    public static GitStateStoreBuilder builder(GitBackend backend) {
        return new GitStateStoreBuilder(backend);
    }

    /** A store on {@code backend} with every default. */
    public static GitStateStore of(GitBackend backend) {
        return builder(backend).build();
    }

    @Override
    public Optional<StoredRollout> load(String id) {
        String path = pathOf(id);
        return locked(() -> {
            knownHead = Optional.of(backend.sync());
            return stored(id, path);
        });
    }

    @Override
    public StoredRollout save(StoredRollout rollout, long expectedVersion) {
        InvalidValueException.requireNonNull("rollout", rollout);
        if (expectedVersion < 0) {
            throw new InvalidValueException("expectedVersion", expectedVersion, "must be at least 0");
        }
        String path = pathOf(rollout.id());
        StoredRollout saved = rollout.withVersion(expectedVersion + 1);
        CommitMessage message = new CommitMessage("Save rollout " + rollout.id() + " at version " + saved.version(),
                saved.toString(), trailers(rollout.id(), Optional.of(saved.version())));
        Map<String, Optional<String>> change = Map.of(path, Optional.of(StoredRolloutJson.toJson(saved)));
        return locked(() -> {
            publishFromKnownHead("save of rollout " + rollout.id(), head -> {
                long found = stored(rollout.id(), path).map(StoredRollout::version).orElse(-1L);
                if (found != (expectedVersion == 0 ? -1 : expectedVersion)) {
                    throw new StaleStateException(rollout.id(), expectedVersion, found);
                }
                return backend.commit(change, message, head);
            });
            LOG.debug("saved rollout {} at version {} in {}", rollout.id(), saved.version(), path);
            return saved;
        });
    }

    /**
     * {@inheritDoc} Found from the {@code .json} files under the state directory at the synced
     * head ({@link GitBackend#list}), so its cost follows the number of rollouts stored, not the
     * length of the history.
     */
    @Override
    public List<String> ids() {
        return locked(() -> {
            knownHead = Optional.of(backend.sync());
            // sorted again: "a/b-c.json" comes before "a/b.json", but "a/b" before "a/b-c"
            return backend.list(root).stream().filter(file -> file.endsWith(SUFFIX))
                    .map(file -> file.substring(root.length() + 1, file.length() - SUFFIX.length()))
                    .sorted().toList();
        });
    }

    @Override
    public void delete(String id) {
        String path = pathOf(id);
        CommitMessage message = new CommitMessage("Delete rollout " + id, "", trailers(id, Optional.empty()));
        locked(() -> publishFromKnownHead("delete of rollout " + id,
                head -> backend.commit(Map.of(path, Optional.empty()), message, head)));
    }

    /** Something to commit on a synced head; returns the commit (the head itself when nothing changed). */
    @FunctionalInterface
    private interface Change {
        String commitOn(String head);
    }

    /**
     * Commits and pushes {@code change} on the known head without fetching; when that does not
     * succeed, {@link #publish publishes} it from a sync. Remembers the head it leaves the remote at.
     */
    private Void publishFromKnownHead(String operation, Change change) {
        Optional<String> head = knownHead;
        knownHead = Optional.empty();
        if (head.isPresent() && pushedOn(head.get(), change)) {
            return null;
        }
        String[] pushed = new String[1];
        publish(operation, synced -> pushed[0] = change.commitOn(synced));
        knownHead = Optional.of(pushed[0]);
        return null;
    }

    /**
     * Whether {@code change}, committed on {@code head}, is now on the remote. False, with nothing
     * pushed, when the working copy has moved from {@code head}, the change's check fails there (the
     * check is made again after a sync: {@code head} may be older than what the caller read), the
     * change is empty there, or the remote has moved on (our commit stays local until the next sync
     * drops it).
     */
    private boolean pushedOn(String head, Change change) {
        try {
            String pushed = backend.exclusively(() -> {
                String commit = change.commitOn(head);
                return !commit.equals(head) && backend.push(commit) == PushOutcome.PUSHED ? commit : head;
            });
            if (!pushed.equals(head)) {
                knownHead = Optional.of(pushed);
                return true;
            }
        } catch (StaleHeadException | StaleStateException e) {
            LOG.debug("{} is not the head to commit on ({}); syncing", head, e.getMessage());
        }
        return false;
    }

    /** Syncs, commits and pushes {@code change}, again from a new sync while the remote moved in between. */
    private Boolean publish(String operation, Change change) {
        return retrier.run(attempt -> backend.exclusively(() -> {
            String head = backend.sync();
            String commit = change.commitOn(head);
            if (!commit.equals(head) && backend.push(commit) != PushOutcome.PUSHED) {
                throw new RemoteMovedException();
            }
            return Boolean.TRUE;
        }), new RemoteMoves(operation, retrier.backoff().maxAttempts()));
    }

    /** A rejected push, or a head another user of the backend moved: sync and try again, after a backoff. */
    private record RemoteMoves(String operation, int attempts) implements Retrier.Failures {

        @Override
        public boolean isRetriable(RuntimeException failure) {
            // StaleHeadException: another user of the same backend committed between our sync and our commit
            return failure instanceof RemoteMovedException || failure instanceof StaleHeadException;
        }

        @Override
        public void retrying(RuntimeException failure, int attempt, Duration wait) {
            if (failure instanceof StaleHeadException) {
                LOG.debug("{}: head moved locally, syncing again", operation);
            }
            LOG.debug("{}: remote moved (attempt {} of {}); trying again in {} ms", operation, attempt, attempts,
                    wait.toMillis());
        }

        @Override
        public RuntimeException exhausted(RuntimeException last, int tried) {
            return new GitOperationException(operation + ": the remote moved " + tried
                    + " times in a row; nothing of this change was pushed");
        }

        @Override
        public RuntimeException interrupted(RuntimeException last, int attempt, InterruptedException interruption) {
            return new GitOperationException(operation + " interrupted while waiting to try again", interruption);
        }
    }

    /** The record stored at {@code path} at the current head; it must be {@code id}'s. */
    private Optional<StoredRollout> stored(String id, String path) {
        return backend.read(path).map(file -> {
            StoredRollout rollout = StoredRolloutJson.fromJson(file.content());
            if (!rollout.id().equals(id)) {
                throw new InvalidValueException(path, rollout.id(), "holds another rollout than " + id);
            }
            return rollout;
        });
    }

    private static Map<String, String> trailers(String id, Optional<Long> version) {
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put(ROLLOUT_TRAILER, id);
        version.ifPresent(v -> trailers.put(VERSION_TRAILER, Long.toString(v)));
        return trailers;
    }

    /** The file of rollout {@code id}. */
    String pathOf(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidValueException("id", id,
                    "must be '/'-separated names of letters, digits, '.', '_' and '-', e.g. test/podinfo");
        }
        return RepoPaths.requireFile("id", root + "/" + id + SUFFIX);
    }

    private <T> T locked(java.util.function.Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "GitStateStore[" + root + " on " + backend + ", " + retrier.backoff().maxAttempts() + " attempts]";
    }
}
