package dev.stepwise.git.jgit;

import dev.stepwise.spi.Sleeper;
import dev.stepwise.git.jgit.GitManifestSink.Delivery;
import dev.stepwise.gitops.GitBackend;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link GitManifestSink}. Every setter validates at once; the layout ({@link #baseDir}
 * or {@link #paths}) is set at most once.
 *
 * <p>Defaults: files under the repository's root as {@code <namespace>/<kind>-<name>.yaml};
 * {@link Delivery#PUSH}; {@value GitManifestSink#DEFAULT_PUSH_ATTEMPTS} push attempts; a first
 * backoff of 200 ms, doubling; {@link Sleeper#REAL}.
 */
public final class GitManifestSinkBuilder {

    private final GitBackend backend;
    private @Nullable String baseDir;
    private @Nullable Function<ResourceRef, String> paths;
    private Delivery delivery = Delivery.PUSH;
    private int pushAttempts = GitManifestSink.DEFAULT_PUSH_ATTEMPTS;
    private Duration initialBackoff = GitManifestSink.DEFAULT_INITIAL_BACKOFF;
    private Sleeper sleeper = Sleeper.REAL;

    GitManifestSinkBuilder(GitBackend backend) {
        this.backend = InvalidValueException.requireNonNull("backend", backend);
    }

    /**
     * The folder the default layout puts files under, e.g. {@code apps}: relative, '/'-separated,
     * no {@code ..}. Default: the repository's root. Not with {@link #paths}.
     */
    public GitManifestSinkBuilder baseDir(String baseDir) {
        requireLayoutUnset("baseDir");
        this.baseDir = RepositoryLayout.requireFolder(baseDir);
        return this;
    }

    /**
     * Where each resource is kept: a relative '/'-separated file path per resource. Default:
     * {@code <baseDir>/<namespace>/<kind in lower case>-<name>.yaml} ({@code _cluster} in place of
     * the namespace for a cluster-scoped resource). Not with {@link #baseDir}.
     */
    public GitManifestSinkBuilder paths(Function<ResourceRef, String> paths) {
        requireLayoutUnset("paths");
        this.paths = InvalidValueException.requireNonNull("paths", paths);
        return this;
    }

    /** Push to the target branch, or propose a pull request per change. Default: {@link Delivery#PUSH}. */
    public GitManifestSinkBuilder delivery(Delivery delivery) {
        this.delivery = InvalidValueException.requireNonNull("delivery", delivery);
        return this;
    }

    /** Attempts at pushing one change while the branch keeps moving, 1..20. Default: {@value GitManifestSink#DEFAULT_PUSH_ATTEMPTS}. */
    public GitManifestSinkBuilder pushAttempts(int pushAttempts) {
        this.pushAttempts = InvalidValueException.requireBetween("pushAttempts", pushAttempts, 1, 20);
        return this;
    }

    /** The wait after the first rejected push, doubling after each; zero or more. Default: 200 ms. */
    public GitManifestSinkBuilder initialBackoff(Duration initialBackoff) {
        InvalidValueException.requireNonNull("initialBackoff", initialBackoff);
        if (initialBackoff.isNegative()) {
            throw new InvalidValueException("initialBackoff", initialBackoff, "must not be negative");
        }
        this.initialBackoff = initialBackoff;
        return this;
    }

    /** How to wait between push attempts. Default: {@link Sleeper#REAL}. */
    public GitManifestSinkBuilder sleeper(Sleeper sleeper) {
        this.sleeper = InvalidValueException.requireNonNull("sleeper", sleeper);
        return this;
    }

    /** The sink. */
    public GitManifestSink build() {
        return new GitManifestSink(this);
    }

    private void requireLayoutUnset(String field) {
        if (baseDir != null || paths != null) {
            throw new InvalidValueException(field, "set twice", "the layout is set once: baseDir or paths, not both");
        }
    }

    GitBackend backend() {
        return backend;
    }

    Function<ResourceRef, String> paths() {
        return paths != null ? paths : RepositoryLayout.under(baseDir == null ? "" : baseDir);
    }

    Delivery delivery() {
        return delivery;
    }

    int pushAttempts() {
        return pushAttempts;
    }

    Duration initialBackoff() {
        return initialBackoff;
    }

    Sleeper sleeper() {
        return sleeper;
    }
}
