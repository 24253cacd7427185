package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.git.jgit.internal.OwnerRecord;
import dev.stepwise.gitops.GitBackend.PushOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A JGitBackend owns its working copy")
class WorkingCopyOwnershipTest {

    private static final CommitMessage MESSAGE = new CommitMessage("Set podinfo to 10%", "", Map.of());
    private static final String THIS_HOST = hostOfAnOwner();

    @TempDir
    Path root;

    private BareRemote remote;
    private Path directory;
    private String pushed;

    @BeforeEach
    void workingCopyOfAnEarlierRun() throws Exception {
        remote = BareRemote.create(root, "gitops");
        directory = remote.newWorkingDirectory();
        try (JGitBackend backend = open()) {
            pushed = backend.commit(Map.of("a.yaml", Optional.of("a\n")), MESSAGE, backend.sync());
            backend.push();
        }
    }

    @Test
    @DisplayName("takes over from a dead owner, removes the locks it left (its garbage collection's too), and commits and pushes")
    void deadOwner() throws Exception {
        writeOwner(deadPid(), THIS_HOST, "unknown");
        Path[] locks = leaveLocks("index.lock", "HEAD.lock", "refs/heads/main.lock", "refs/remotes/origin/main.lock",
                "gc.log.lock");

        try (JGitBackend backend = open()) {
            assertThat(locks).allSatisfy(lock -> assertThat(lock).doesNotExist());
            assertThat(ownerFile()).content().contains("pid=" + ProcessHandle.current().pid());
            commitAndPush(backend);
        }
        try (Git git = Git.open(directory.toFile())) {
            assertThat(git.getRepository().getConfig().getBoolean("gc", "autoDetach", true))
                    .as("automatic garbage collection in the foreground, under the backend's lock").isFalse();
        }
    }

    @Test
    @DisplayName("takes over when the owner's pid now belongs to a process started at another time (a restarted container's pid 1)")
    void reusedPid() throws Exception {
        writeOwner(ProcessHandle.current().pid(), THIS_HOST, "2000-01-01T00:00:00Z");
        Path[] locks = leaveLocks("index.lock");

        try (JGitBackend backend = open()) {
            assertThat(locks[0]).doesNotExist();
            commitAndPush(backend);
        }
    }

    @Test
    @DisplayName("refuses a working copy owned by another live process on this host, and leaves its locks alone")
    void liveOwnerElsewhere() throws Exception {
        Process cat = new ProcessBuilder("cat").start();
        try {
            String start = cat.toHandle().info().startInstant().map(Instant::toString).orElse("unknown");
            String owner = writeOwner(cat.pid(), THIS_HOST, start);
            Path[] locks = leaveLocks("index.lock", "refs/heads/main.lock");

            assertThatThrownBy(this::open).isInstanceOf(GitOperationException.class)
                    .hasMessageContaining("pid " + cat.pid()).hasMessageContaining("which is running")
                    .hasMessageContaining("give this one a directory of its own");
            assertThat(locks).allSatisfy(lock -> assertThat(lock).exists());
            assertThat(ownerFile()).hasContent(owner.strip());
        } finally {
            cat.destroy();
            cat.waitFor();
        }
    }

    @Test
    @DisplayName("refuses a working copy another backend in this JVM owns, until that one is closed")
    void liveOwnerHere() {
        try (JGitBackend first = open()) {
            Path lock = directory.resolve(".git/index.lock");
            assertThatThrownBy(this::open).isInstanceOf(GitOperationException.class)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid()).hasMessageContaining("which is running");
            assertThat(lock).doesNotExist();
            assertThat(first.sync()).isEqualTo(pushed);
        }
        try (JGitBackend second = open()) {
            assertThat(second.sync()).isEqualTo(pushed);
        }
    }

    @Test
    @DisplayName("refuses a working copy owned on another host, saying how to recover")
    void ownerOnAnotherHost() throws Exception {
        writeOwner(deadPid(), "build-agent-7.example", "unknown");
        Path[] locks = leaveLocks("index.lock");

        assertThatThrownBy(this::open).isInstanceOf(GitOperationException.class)
                .hasMessageContaining("on build-agent-7.example")
                .hasMessageContaining("delete " + ownerFile() + " and start again");
        assertThat(locks[0]).exists();
    }

    @Test
    @DisplayName("releases the working copy on close: the owner file is left empty")
    void releasesOnClose() throws Exception {
        JGitBackend backend = open();
        assertThat(ownerFile()).content().contains("host=" + THIS_HOST);
        backend.close();
        assertThat(ownerFile()).isEmptyFile();
    }

    @Test
    @DisplayName("leaves a lock with no known owner at start, then removes it and repeats the commit that failed on it")
    void lockWithoutOwner() throws Exception {
        Files.delete(ownerFile());
        Path[] locks = leaveLocks("index.lock");

        try (JGitBackend backend = open()) {
            assertThat(locks[0]).exists();
            commitAndPush(backend);
            assertThat(locks[0]).doesNotExist();
        }
    }

    @Test
    @DisplayName("after an operation fails on a lock file left behind, removes it and repeats the operation once")
    void lockLeftWhileOwned() throws Exception {
        try (JGitBackend backend = open()) {
            String head = backend.sync();
            leaveLocks("refs/heads/main.lock");
            String next = backend.commit(Map.of("b.yaml", Optional.of("b\n")), MESSAGE, head);
            assertThat(backend.log("", 1).get(0).id()).isEqualTo(next);

            leaveLocks("refs/remotes/origin/main.lock", "HEAD.lock");
            assertThat(backend.sync()).isEqualTo(pushed);

            leaveLocks("index.lock");
            commitAndPush(backend);
        }
    }

    @Test
    @DisplayName("a sync blocked by a left-over lock on the remote-tracking ref still returns the remote's new head")
    void lockOnTrackingRef() throws Exception {
        try (JGitBackend backend = open()) {
            backend.sync();
            String moved;
            try (JGitBackend other = JGitBackend.builder(remote.uri(), remote.newWorkingDirectory()).build()) {
                moved = other.commit(Map.of("c.yaml", Optional.of("c\n")), MESSAGE, other.sync());
                other.push();
            }
            Path[] locks = leaveLocks("refs/remotes/origin/main.lock");

            assertThat(backend.sync()).isEqualTo(moved);
            assertThat(locks[0]).doesNotExist();
        }
    }

    @Test
    @DisplayName("a push whose remote-tracking ref is locked is repeated: the backend then knows the remote has the commit")
    void lockOnTrackingRefAtPush() throws Exception {
        try (JGitBackend backend = open()) {
            String next = backend.commit(Map.of("b.yaml", Optional.of("b\n")), MESSAGE, backend.sync());
            Path[] locks = leaveLocks("refs/remotes/origin/main.lock");

            assertThat(backend.push()).isEqualTo(PushOutcome.PUSHED);
            assertThat(backend.contains(next)).isTrue();
            assertThat(locks[0]).doesNotExist();
        }
    }

    private void commitAndPush(JGitBackend backend) throws Exception {
        String head = backend.sync();
        assertThat(head).isEqualTo(pushed);
        String next = backend.commit(Map.of("b.yaml", Optional.of("b\n")), MESSAGE, head);
        assertThat(backend.push()).isEqualTo(PushOutcome.PUSHED);
        assertThat(backend.read("b.yaml")).isPresent();
        try (Git git = Git.open(remote.directory().toFile())) {
            assertThat(git.getRepository().exactRef("refs/heads/main").getObjectId().name()).isEqualTo(next);
        }
    }

    private JGitBackend open() {
        // every sync fetches: these tests are about fetching through lock files
        // with the files checked out, so that the index's lock file is in play too
        return JGitBackend.builder(remote.uri(), directory).clock(BareRemote.CLOCK).syncReuse(Duration.ZERO).workingTree(true).build();
    }

    private Path ownerFile() {
        return directory.resolve(".git/stepwise.owner");
    }

    private String writeOwner(long pid, String host, String processStart) throws Exception {
        String text = "pid=" + pid + "\nhost=" + host + "\nprocess-start=" + processStart
                + "\ntoken=earlier-run\nsince=2026-03-01T11:00:00Z\n";
        Files.writeString(ownerFile(), text);
        return text;
    }

    private Path[] leaveLocks(String... names) throws Exception {
        Path[] locks = new Path[names.length];
        for (int i = 0; i < names.length; i++) {
            locks[i] = directory.resolve(".git").resolve(names[i]);
            Files.createDirectories(locks[i].getParent());
            Files.writeString(locks[i], "");
        }
        return locks;
    }

    /** The pid of a process that has ended. */
    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        assertThat(ProcessHandle.of(process.pid())).isEmpty();
        return process.pid();
    }

    private static String hostOfAnOwner() {
        return OwnerRecord.current().host();
    }
}
