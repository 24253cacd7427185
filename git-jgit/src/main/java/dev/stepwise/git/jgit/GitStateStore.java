package dev.stepwise.git.jgit;

import dev.stepwise.spi.Backoff;
import dev.stepwise.spi.Retrier;
import dev.stepwise.git.jgit.internal.RepoPaths;
import dev.stepwise.gitops.Change;
import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend;
import dev.stepwise.gitops.GitBackend.GitFile;
import dev.stepwise.gitops.PublishRejectedException;
import dev.stepwise.gitops.StaleHeadException;
import dev.stepwise.spi.StaleStateException;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.spi.StoredRolloutJson;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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
 * otherwise) and commits, with {@link GitBackend#publish}: on the head the backend's sync gives (a
 * {@link JGitBackend} publishes the changes of all rollouts queued meanwhile as one chain of
 * commits and one push). When the push is rejected because the remote moved, it publishes again
 * after a backoff (at most {@code attempts} times) and checks again on the new head: another file
 * changed means trying again, this file changed means {@link StaleStateException}. Thread-safe,
 * without a lock of its own: calls for different rollouts run (and are published) together.
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
        return backend.readSynced(head -> stored(id, path, head::read));
    }

    @Override
    public StoredRollout save(StoredRollout rollout, long expectedVersion) {
        Save save = new Save(rollout, expectedVersion);
        publish("save of rollout " + rollout.id(), save.change());
        LOG.debug("saved rollout {} at version {} in {}", rollout.id(), save.saved().version(), save.path());
        return save.saved();
    }

    /**
     * {@inheritDoc} When {@code router} pushes its splits to this store's very backend
     * ({@link TrafficRouter#repository()}) and the backend carries changes ({@link GitBackend#carry}:
     * a {@link JGitBackend} does), the record's commit goes out in the push of the
     * split's commit, just before it: one publish for the step instead of two, and the record and
     * the route on the remote together or not at all. Each stays a commit of its own with its own
     * message. Should {@code apply} push nothing (the route already held the split) or fail before
     * its push landed (a conflict, a superseded write, the remote out of reach), the record is then
     * saved alone, as {@link #save} does, and {@code apply}'s failure thrown. Any other store or
     * router: saved first, then applied.
     */
    @Override
    public StoredRollout saveAhead(StoredRollout rollout, long expectedVersion, TrafficRouter router, Runnable apply) {
        InvalidValueException.requireNonNull("router", router);
        InvalidValueException.requireNonNull("apply", apply);
        if (router.repository().filter(r -> r == backend).isEmpty()) {
            return StateStore.super.saveAhead(rollout, expectedVersion, router, apply);
        }
        Save save = new Save(rollout, expectedVersion);
        Optional<GitBackend.Carried> carried = backend.carry(save.change(), apply);
        if (carried.isEmpty()) {
            return StateStore.super.saveAhead(rollout, expectedVersion, router, apply);
        }
        Optional<RuntimeException> failure = carried.get().failure();
        if (carried.get().published()) {
            LOG.debug("saved rollout {} at version {} in {}, pushed with its split", rollout.id(), save.saved().version(),
                    save.path());
        } else {
            try {
                publish("save of rollout " + rollout.id(), save.change());
            } catch (RuntimeException saveFailure) {
                if (failure.isEmpty()) {
                    throw saveFailure;
                }
                failure.get().addSuppressed(saveFailure);
            }
        }
        if (failure.isPresent()) {
            throw failure.get();
        }
        return save.saved();
    }

    /** One save of {@code rollout} over {@code expectedVersion}: its file, the record saved, and the change to publish. */
    private final class Save {
        private final String path;
        private final StoredRollout saved;
        private final Change change;

        Save(StoredRollout rollout, long expectedVersion) {
            InvalidValueException.requireNonNull("rollout", rollout);
            if (expectedVersion < 0) {
                throw new InvalidValueException("expectedVersion", expectedVersion, "must be at least 0");
            }
            this.path = pathOf(rollout.id());
            this.saved = rollout.withVersion(expectedVersion + 1);
            CommitMessage message = new CommitMessage("Save rollout " + rollout.id() + " at version " + saved.version(),
                    saved.toString(), trailers(rollout.id(), Optional.of(saved.version())));
            Map<String, Optional<String>> contents = Map.of(path, Optional.of(StoredRolloutJson.toJson(saved)));
            this.change = head -> {
                long found = stored(rollout.id(), path, backend::read).map(StoredRollout::version).orElse(-1L);
                if (found != (expectedVersion == 0 ? -1 : expectedVersion)) {
                    throw new StaleStateException(rollout.id(), expectedVersion, found);
                }
                return backend.commit(contents, message, head);
            };
        }

        String path() {
            return path;
        }

        StoredRollout saved() {
            return saved;
        }

        Change change() {
            return change;
        }
    }

    /**
     * {@inheritDoc} Found from the {@code .json} files under the state directory at the synced
     * head ({@link GitBackend#list}), so its cost follows the number of rollouts stored, not the
     * length of the history.
     */
    @Override
    public List<String> ids() {
        return backend.readSynced(head -> {
            // sorted again: "a/b-c.json" comes before "a/b.json", but "a/b" before "a/b-c"
            return head.list(root).stream().filter(file -> file.endsWith(SUFFIX))
                    .map(file -> file.substring(root.length() + 1, file.length() - SUFFIX.length()))
                    .sorted().toList();
        });
    }

    @Override
    public void delete(String id) {
        String path = pathOf(id);
        CommitMessage message = new CommitMessage("Delete rollout " + id, "", trailers(id, Optional.empty()));
        publish("delete of rollout " + id, head -> backend.commit(Map.of(path, Optional.empty()), message, head));
    }

    /**
     * Publishes {@code change} with {@link GitBackend#publish} (with other rollouts' changes, as one
     * push), again from a new sync after a backoff while the remote moved in between.
     */
    private void publish(String operation, Change change) {
        retrier.run(attempt -> backend.publish(change), new RemoteMoves(operation, retrier.backoff().maxAttempts()));
    }

    /** A rejected push, or a head another user of the backend moved: sync and try again, after a backoff. */
    private record RemoteMoves(String operation, int attempts) implements Retrier.Failures {

        @Override
        public boolean isRetriable(RuntimeException failure) {
            // StaleHeadException: another user of the same backend committed between our sync and our commit
            return failure instanceof PublishRejectedException || failure instanceof StaleHeadException;
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

    /** The record stored at {@code path} as {@code files} reads it; it must be {@code id}'s. */
    private static Optional<StoredRollout> stored(String id, String path, Function<String, Optional<GitFile>> files) {
        return files.apply(path).map(file -> {
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

    @Override
    public String toString() {
        return "GitStateStore[" + root + " on " + backend + ", " + retrier.backoff().maxAttempts() + " attempts]";
    }
}
