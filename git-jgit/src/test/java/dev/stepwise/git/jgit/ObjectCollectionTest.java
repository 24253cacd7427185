package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.gitops.CommitMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: the working copy's loose objects are packed on the backend's own schedule, not only
 * when a fetch happens to run JGit's collection (an engine reading from its synced head fetches
 * seldom). The working copy's {@code gc.auto} is set to 1, as a person could set it, so that a
 * few hundred objects pass Git's threshold; the clock is fixed, so the object ids, and with them
 * Git's sample of one object folder, are the same on every run.
 */
@DisplayName("Packing the working copy's loose objects")
class ObjectCollectionTest {

    static final CommitMessage MESSAGE = new CommitMessage("Set the routes", "", Map.of());
    static final int COMMITS = 40;
    static final int FILES = 30;

    @TempDir
    Path root;
    BareRemote remote;

    @BeforeEach
    void createRemote() throws Exception {
        remote = BareRemote.create(root, "gitops");
    }

    @Test
    @DisplayName("after a batch past Git's threshold the objects written since are packed beside the batches, counted and timed; every commit stays")
    void packedAfterBatches() throws Exception {
        Path dir = workingCopyWithGcAuto1();
        String last;
        BackendCounts counts;
        try (JGitBackend backend = JGitBackend.builder(remote.uri(), dir).clock(BareRemote.CLOCK).build()) {
            last = publishCommits(backend);
            assertThat(backend.awaitObjectCollection(Duration.ofMinutes(1))).as("the packing under way ends").isTrue();
            counts = backend.counts();
        }

        assertThat(counts.packings()).as("packings: %s", counts).isPositive();
        assertThat(counts.consolidations()).as("one pack per packing, far below gc.autoPackLimit").isZero();
        assertThat(packs(dir)).isPositive();
        assertThat(looseObjects(dir)).as("loose objects left: those written after the last collection")
                .isLessThan(COMMITS * FILES / 2);
        assertThat(commitsOnBranch(dir)).isEqualTo(COMMITS);
        assertThat(remoteHead()).isEqualTo(last);
    }

    @Test
    @DisplayName("with collectObjects(false) nothing is packed: every object of every commit stays loose")
    void offLeavesThemLoose() throws Exception {
        Path dir = workingCopyWithGcAuto1();
        BackendCounts counts;
        try (JGitBackend backend = JGitBackend.builder(remote.uri(), dir).clock(BareRemote.CLOCK).collectObjects(false).build()) {
            publishCommits(backend);
            counts = backend.counts();
        }

        assertThat(counts.packings()).isZero();
        assertThat(counts.packingMillis()).isZero();
        assertThat(looseObjects(dir)).as("a blob per file and commit, and more").isGreaterThanOrEqualTo(COMMITS * FILES);
        assertThat(commitsOnBranch(dir)).isEqualTo(COMMITS);
    }

    /** A working copy made by a backend, then {@code gc.auto} set to 1 in its config. */
    private Path workingCopyWithGcAuto1() throws Exception {
        Path dir = remote.newWorkingDirectory();
        JGitBackend.builder(remote.uri(), dir).build().close();
        try (Git git = Git.open(dir.toFile())) {
            StoredConfig config = git.getRepository().getConfig();
            config.setInt("gc", null, "auto", 1);
            config.save();
        }
        return dir;
    }

    /** {@link #COMMITS} published changes of {@link #FILES} files each; returns the last commit. */
    private static String publishCommits(JGitBackend backend) {
        String last = "";
        for (int c = 0; c < COMMITS; c++) {
            Map<String, Optional<String>> files = new LinkedHashMap<>();
            for (int f = 0; f < FILES; f++) {
                files.put("apps/svc-" + f + ".yaml", Optional.of("name: svc-" + f + "\nweight: " + c + "\n"));
            }
            last = backend.publish(head -> backend.commit(files, MESSAGE, head));
        }
        return last;
    }

    private static long looseObjects(Path dir) throws IOException {
        try (Stream<Path> folders = Files.list(dir.resolve(".git/objects"))) {
            return folders.filter(p -> p.getFileName().toString().matches("[0-9a-f]{2}")).mapToLong(ObjectCollectionTest::files).sum();
        }
    }

    private static long packs(Path dir) throws IOException {
        try (Stream<Path> packs = Files.list(dir.resolve(".git/objects/pack"))) {
            return packs.filter(p -> p.toString().endsWith(".pack")).count();
        }
    }

    private static long files(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long commitsOnBranch(Path dir) throws Exception {
        try (Git git = Git.open(dir.toFile())) {
            long n = 0;
            for (var ignored : git.log().call()) {
                n++;
            }
            return n;
        }
    }

    private String remoteHead() throws Exception {
        try (Git git = Git.open(remote.directory().toFile())) {
            return git.getRepository().resolve("refs/heads/main").name();
        }
    }
}
