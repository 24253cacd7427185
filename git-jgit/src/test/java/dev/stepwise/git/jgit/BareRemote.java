package dev.stepwise.git.jgit;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/** A bare repository on disk, reached through {@code file://}, and clones of it for tests. */
final class BareRemote {

    /** The time of every test commit. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    private final Path directory;
    private final Path clones;
    private final AtomicInteger cloneCount = new AtomicInteger();

    private BareRemote(Path directory, Path clones) {
        this.directory = directory;
        this.clones = clones;
    }

    /** An empty bare repository (no branch, no commit) at {@code root/name.git}; clones go under {@code root/name-clones}. */
    static BareRemote create(Path root, String name) throws GitAPIException {
        Path directory = root.resolve(name + ".git");
        Git.init().setBare(true).setDirectory(directory.toFile()).setInitialBranch("main").call().close();
        return new BareRemote(directory, root.resolve(name + "-clones"));
    }

    Path directory() {
        return directory;
    }

    String uri() {
        return directory.toUri().toString();
    }

    /** A working directory not used yet. */
    Path newWorkingDirectory() {
        return clones.resolve("clone-" + cloneCount.incrementAndGet());
    }

    /** A backend on a new working copy of this remote at {@link #CLOCK}'s time. */
    JGitBackend openClone() {
        return openClone(uri());
    }

    /**
     * A backend on a new working copy of {@code uri} (this repository served another way). Every
     * sync fetches (no reuse window): on the fixed clock a reused head would never expire, and these
     * tests check what a fetch finds.
     */
    JGitBackend openClone(String uri) {
        return JGitBackend.builder(uri, newWorkingDirectory()).clock(CLOCK).syncReuse(Duration.ZERO).build();
    }
}
