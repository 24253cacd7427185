package dev.stepwise.git.jgit.internal;

import dev.stepwise.git.jgit.GitOperationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one process that may use a working copy: an owner file {@value #FILE} in its {@code .git}
 * directory names the owner's pid, host, process start and a token of the owning backend.
 *
 * <p>{@link #claim} refuses a working copy owned by a live process on this host (another backend
 * in this JVM included) and one owned on another host, whose liveness cannot be checked; it takes
 * over from a dead owner (its pid gone, or reused by a process started at another time) and only
 * then removes the Git lock files the dead owner left. Claims and releases hold an OS lock on the
 * owner file, so two processes claiming at once cannot both win. {@link #close()} releases the
 * working copy by emptying the file (an empty or absent file: no owner).
 */
public final class WorkingCopyOwner implements AutoCloseable {

    /** Name of the owner file inside {@code .git}. */
    public static final String FILE = "stepwise.owner";

    private static final Logger LOG = LoggerFactory.getLogger(WorkingCopyOwner.class);
    /** Serializes claims in this JVM: the OS lock is per process, a second channel would fail. */
    private static final Object CLAIMS = new Object();

    private final Path gitDirectory;
    private final OwnerRecord self;

    private WorkingCopyOwner(Path gitDirectory, OwnerRecord self) {
        this.gitDirectory = gitDirectory;
        this.self = self;
    }

    /**
     * Makes {@code self} the owner of the working copy whose Git directory is {@code gitDirectory},
     * removing the stale lock files of a dead owner.
     *
     * @throws GitOperationException when a live process on this host, or any process on another
     *                               host, owns it; the message says how to recover
     */
    public static WorkingCopyOwner claim(Path gitDirectory, OwnerRecord self) throws IOException {
        WorkingCopyOwner owner = new WorkingCopyOwner(gitDirectory, self);
        synchronized (CLAIMS) {
            try (FileChannel channel = owner.openLocked(); FileLock ignored = channel.lock()) {
                String text = read(channel);
                Optional<OwnerRecord> previous = OwnerRecord.parse(text);
                previous.ifPresent(owner::requireDead);
                write(channel, self.format());
                if (previous.isPresent() || !text.isBlank()) {
                    LOG.warn("took over working copy {} from {}, which is no longer running", owner.workTree(),
                            previous.map(OwnerRecord::describe).orElse("an interrupted claim"));
                    owner.removeStaleLocks();
                } else {
                    owner.staleLocks().forEach(lock -> LOG.warn("lock file {} in {} has no known owner; left in place,"
                            + " removed if an operation fails on it", gitDirectory.relativize(lock), owner.workTree()));
                }
            }
        }
        return owner;
    }

    /** Whether the owner file still names this owner (nobody took the working copy over). */
    public boolean stillOwned() throws IOException {
        synchronized (CLAIMS) {
            try (FileChannel channel = openLocked(); FileLock ignored = channel.lock()) {
                return OwnerRecord.parse(read(channel)).filter(o -> o.token().equals(self.token())).isPresent();
            }
        }
    }

    /**
     * The Git lock files in the working copy now: the index, HEAD, packed-refs, config, shallow,
     * FETCH_HEAD, ORIG_HEAD, the garbage collection's log (JGit collects in the foreground here,
     * see WorkingCopy) and refs.
     */
    public List<Path> staleLocks() throws IOException {
        List<Path> locks = new ArrayList<>();
        for (String name : List.of("index.lock", "HEAD.lock", "packed-refs.lock", "config.lock", "shallow.lock",
                "FETCH_HEAD.lock", "ORIG_HEAD.lock", "gc.log.lock")) {
            Path lock = gitDirectory.resolve(name);
            if (Files.isRegularFile(lock)) {
                locks.add(lock);
            }
        }
        Path refs = gitDirectory.resolve("refs");
        if (Files.isDirectory(refs)) {
            try (Stream<Path> files = Files.walk(refs)) {
                files.filter(f -> f.getFileName().toString().endsWith(".lock") && Files.isRegularFile(f))
                        .sorted().forEach(locks::add);
            }
        }
        return locks;
    }

    /**
     * Removes the Git lock files, each logged at WARN; call only while owning the working copy and
     * with no Git operation running on it, so that every lock found is stale.
     *
     * @return the lock files removed
     */
    public List<Path> removeStaleLocks() throws IOException {
        List<Path> removed = staleLocks();
        for (Path lock : removed) {
            Files.deleteIfExists(lock);
            LOG.warn("removed stale lock file {} from working copy {}", gitDirectory.relativize(lock), workTree());
        }
        return removed;
    }

    /**
     * After {@code operation} failed: removes the lock files it left, if any, when this owner
     * still holds the working copy; the caller runs no Git operation on it meanwhile, so every
     * lock found is stale.
     *
     * @return whether lock files were removed (then the operation may be repeated)
     */
    public boolean removeLocksLeftBy(String operation) throws IOException {
        if (staleLocks().isEmpty()) {
            return false;
        }
        if (!stillOwned()) {
            LOG.warn("{} failed with lock files left in {}, which this backend no longer owns; locks left in place",
                    operation, workTree());
            return false;
        }
        return !removeStaleLocks().isEmpty();
    }

    /** Releases the working copy, if this owner still holds it. */
    @Override
    public void close() {
        synchronized (CLAIMS) {
            try (FileChannel channel = openLocked(); FileLock ignored = channel.lock()) {
                if (OwnerRecord.parse(read(channel)).filter(o -> o.token().equals(self.token())).isPresent()) {
                    channel.truncate(0);
                }
            } catch (IOException | GitOperationException e) {
                LOG.warn("could not release working copy {}: {}", workTree(), e.toString());
            }
        }
    }

    private void requireDead(OwnerRecord previous) {
        if (!previous.host().equals(self.host())) {
            throw new GitOperationException("working copy " + workTree() + " is owned by " + previous.describe()
                    + ", whose process cannot be checked from " + self.host() + "; if no engine on " + previous.host()
                    + " uses it any more, delete " + gitDirectory.resolve(FILE) + " and start again");
        }
        if (previous.isRunning()) {
            throw new GitOperationException("working copy " + workTree() + " is owned by " + previous.describe()
                    + ", which is running; two engines must never share a working directory: give this one a directory of its own");
        }
    }

    private FileChannel openLocked() throws IOException {
        return FileChannel.open(gitDirectory.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    private Path workTree() {
        return gitDirectory.getParent() == null ? gitDirectory : gitDirectory.getParent();
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 64 * 1024));
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    private static void write(FileChannel channel, String text) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(true);
    }
}
