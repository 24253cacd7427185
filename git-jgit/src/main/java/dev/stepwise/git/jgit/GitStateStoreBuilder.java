package dev.stepwise.git.jgit;

import dev.stepwise.spi.Sleeper;
import dev.stepwise.git.jgit.internal.RepoPaths;
import dev.stepwise.gitops.GitBackend;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;

/**
 * Builds a {@link GitStateStore}. Every setter validates at once. Defaults: root
 * {@value GitStateStore#DEFAULT_ROOT}, {@value GitStateStore#DEFAULT_ATTEMPTS} attempts while
 * the remote keeps moving, an initial backoff of 100 ms doubled after each rejected push, real
 * sleeping ({@link Sleeper#REAL}).
 */
public final class GitStateStoreBuilder {

    private final GitBackend backend;
    private String root = GitStateStore.DEFAULT_ROOT;
    private int attempts = GitStateStore.DEFAULT_ATTEMPTS;
    private Duration initialBackoff = GitStateStore.DEFAULT_INITIAL_BACKOFF;
    private Sleeper sleeper = Sleeper.REAL;

    GitStateStoreBuilder(GitBackend backend) {
        this.backend = InvalidValueException.requireNonNull("backend", backend);
    }

    /** Directory of the state files in the repository, not empty; default {@value GitStateStore#DEFAULT_ROOT}. */
    public GitStateStoreBuilder root(String root) {
        String directory = RepoPaths.requireDirectoryOrRoot("root", root);
        if (directory.isEmpty()) {
            throw new InvalidValueException("root", root, "must be a directory, not the repository's root");
        }
        this.root = directory;
        return this;
    }

    /** Attempts of one save or delete while pushes are rejected because the remote moved, 1..100; default 5. */
    public GitStateStoreBuilder attempts(int attempts) {
        this.attempts = InvalidValueException.requireBetween("attempts", attempts, 1, 100);
        return this;
    }

    /** Wait after the first rejected push, 0..1 minute, doubled after each further one; default 100 ms. */
    public GitStateStoreBuilder initialBackoff(Duration initialBackoff) {
        InvalidValueException.requireNonNull("initialBackoff", initialBackoff);
        if (initialBackoff.isNegative() || initialBackoff.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new InvalidValueException("initialBackoff", initialBackoff, "must be between 0 and 1 minute");
        }
        this.initialBackoff = initialBackoff;
        return this;
    }

    /** How to wait between attempts; default {@link Sleeper#REAL}. */
    public GitStateStoreBuilder sleeper(Sleeper sleeper) {
        this.sleeper = InvalidValueException.requireNonNull("sleeper", sleeper);
        return this;
    }

    public GitStateStore build() {
        return new GitStateStore(this);
    }

    GitBackend backend() {
        return backend;
    }

    String root() {
        return root;
    }

    int attempts() {
        return attempts;
    }

    Duration initialBackoff() {
        return initialBackoff;
    }

    Sleeper sleeper() {
        return sleeper;
    }
}
