package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.git.jgit.internal.WorkingCopy;
import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend;
import dev.stepwise.gitops.GitBackend.PushOutcome;
import dev.stepwise.validation.InvalidValueException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("JGitBackend")
class JGitBackendTest {

    private static final CommitMessage MESSAGE = new CommitMessage("Set podinfo to 10%", "", Map.of());

    @TempDir
    Path root;

    private BareRemote remote;

    @BeforeEach
    void createRemote() throws Exception {
        remote = BareRemote.create(root, "gitops");
    }

    @Test
    @DisplayName("answers sync of an empty remote with NO_COMMIT, and the first push creates the branch")
    void emptyRemote() throws Exception {
        try (JGitBackend backend = remote.openClone()) {
            assertThat(backend.sync()).isEqualTo(GitBackend.NO_COMMIT);
            String first = backend.commit(Map.of("a.yaml", Optional.of("a\n")), MESSAGE, GitBackend.NO_COMMIT);
            assertThat(backend.push()).isEqualTo(PushOutcome.PUSHED);
            assertThat(remoteHead("main")).isEqualTo(first);
        }
    }

    @Test
    @DisplayName("writes unsigned commits by the configured author and committer at the clock's time")
    void authorCommitterTime() throws Exception {
        PersonIdent author = new PersonIdent("Rollout Bot", "bot@example.com");
        PersonIdent committer = new PersonIdent("CI", "ci@example.com");
        try (JGitBackend backend = JGitBackend.builder(remote.uri(), remote.newWorkingDirectory())
                .author(author).committer(committer).clock(BareRemote.CLOCK).build()) {
            backend.commit(Map.of("a.yaml", Optional.of("a\n")), MESSAGE, backend.sync());
            backend.push();
        }
        RevCommit commit = remoteCommit("main");
        assertThat(commit.getAuthorIdent().getName()).isEqualTo("Rollout Bot");
        assertThat(commit.getAuthorIdent().getEmailAddress()).isEqualTo("bot@example.com");
        assertThat(commit.getCommitterIdent().getName()).isEqualTo("CI");
        assertThat(commit.getAuthorIdent().getWhenAsInstant()).isEqualTo(BareRemote.CLOCK.instant());
        assertThat(commit.getRawGpgSignature()).isNull();
        assertThat(new String(commit.getRawBuffer(), StandardCharsets.UTF_8)).doesNotContain("gpgsig");
    }

    @Test
    @DisplayName("authors and commits as Stepwise <stepwise@localhost> by default")
    void defaultAuthor() throws Exception {
        try (JGitBackend backend = JGitBackend.builder(remote.uri(), remote.newWorkingDirectory()).build()) {
            backend.commit(Map.of("a.yaml", Optional.of("a\n")), MESSAGE, backend.sync());
            backend.push();
        }
        RevCommit commit = remoteCommit("main");
        assertThat(commit.getAuthorIdent().toExternalString()).startsWith("Stepwise <stepwise@localhost>");
        assertThat(commit.getCommitterIdent().toExternalString()).startsWith("Stepwise <stepwise@localhost>");
    }

    @Test
    @DisplayName("checks no file out on disk by default: the working directory holds the repository only")
    void noWorkingTreeByDefault() throws Exception {
        Path directory = remote.newWorkingDirectory();
        try (JGitBackend backend = JGitBackend.builder(remote.uri(), directory).build()) {
            String head = backend.commit(Map.of("apps/a.yaml", Optional.of("a\n")), MESSAGE, backend.sync());
            backend.push();
            backend.publish(h -> backend.commit(Map.of("apps/b.yaml", Optional.of("b\n")), MESSAGE, h));

            assertThat(directory.resolve("apps")).doesNotExist();
            assertThat(backend.read("apps/a.yaml")).map(GitBackend.GitFile::content).contains("a\n");
            assertThat(backend.list("apps")).containsExactly("apps/a.yaml", "apps/b.yaml");
            assertThat(head).isNotEqualTo(GitBackend.NO_COMMIT);
        }
    }

    @Test
    @DisplayName("with workingTree(true) keeps the working tree on disk at the local head, deletions included")
    void workingTreeFollowsHead() {
        Path directory = remote.newWorkingDirectory();
        try (JGitBackend backend = JGitBackend.builder(remote.uri(), directory).workingTree(true).build()) {
            String head = backend.commit(Map.of("apps/a.yaml", Optional.of("a\n")), MESSAGE, backend.sync());
            assertThat(directory.resolve("apps/a.yaml")).hasContent("a");

            backend.commit(Map.of("apps/a.yaml", Optional.empty()), MESSAGE, head);
            assertThat(directory.resolve("apps/a.yaml")).doesNotExist();
        }
    }

    @Test
    @DisplayName("with workingTree(true), after a published batch the working tree is at the pushed head, checked out once for the whole chain")
    void workingTreeFollowsABatch() {
        Path directory = remote.newWorkingDirectory();
        try (JGitBackend backend = JGitBackend.builder(remote.uri(), directory).workingTree(true).build()) {
            backend.publish(head -> backend.commit(Map.of("apps/a.yaml", Optional.of("a\n")), MESSAGE, head));
            String pushed = backend.publish(head -> backend.commit(Map.of("apps/b.yaml", Optional.of("b\n"),
                    "apps/a.yaml", Optional.empty()), MESSAGE, head));
            assertThat(backend.sync()).isEqualTo(pushed);
            assertThat(directory.resolve("apps/b.yaml")).hasContent("b");
            assertThat(directory.resolve("apps/a.yaml")).doesNotExist();
        }
    }

    @Test
    @DisplayName("lists from the head commit, not the working tree: a stray file on disk is not listed")
    void listsTheCommitNotTheDisk() throws Exception {
        Path directory = remote.newWorkingDirectory();
        try (JGitBackend backend = JGitBackend.builder(remote.uri(), directory).workingTree(true).build()) {
            backend.commit(Map.of("apps/a.yaml", Optional.of("a\n")), MESSAGE, backend.sync());
            Files.writeString(directory.resolve("apps/stray.yaml"), "stray\n");

            assertThat(backend.list("apps")).containsExactly("apps/a.yaml");
            assertThat(backend.list("apps/")).as("trailing '/'").containsExactly("apps/a.yaml");
        }
    }

    @Test
    @DisplayName("resumes from its working directory after a restart")
    void resumes() {
        Path directory = remote.newWorkingDirectory();
        String pushed;
        try (JGitBackend backend = JGitBackend.builder(remote.uri(), directory).build()) {
            pushed = backend.commit(Map.of("a.yaml", Optional.of("a\n")), MESSAGE, backend.sync());
            backend.push();
        }
        try (JGitBackend restarted = JGitBackend.builder(remote.uri(), directory).build()) {
            assertThat(restarted.read("a.yaml")).isPresent();
            assertThat(restarted.sync()).isEqualTo(pushed);
        }
    }

    @Test
    @DisplayName("refuses a working directory of another remote, or a non-empty directory that is no working copy")
    void refusesForeignWorkingDirectory() throws Exception {
        Path directory = remote.newWorkingDirectory();
        JGitBackend.builder(remote.uri(), directory).build().close();
        BareRemote other = BareRemote.create(root, "other");
        Path notACopy = Files.createDirectories(root.resolve("plain"));
        Files.writeString(notACopy.resolve("notes.txt"), "x");

        assertThatThrownBy(() -> JGitBackend.builder(other.uri(), directory).build())
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("another remote");
        assertThatThrownBy(() -> JGitBackend.builder(remote.uri(), notACopy).build())
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("must be absent, empty");
    }

    @Test
    @DisplayName("a working directory holding only an init killed before its rename is taken as empty: the leftover goes, a working copy is made")
    void unfinishedInitIsCleared() throws Exception {
        Path directory = remote.newWorkingDirectory();
        Path leftover = Files.createDirectories(directory.resolve(WorkingCopy.UNFINISHED_INIT + "123").resolve(".git"));
        Files.createDirectories(leftover.resolve("objects"));

        try (JGitBackend backend = JGitBackend.builder(remote.uri(), directory).build()) {
            String head = backend.commit(Map.of("a.yaml", Optional.of("a\n")), MESSAGE, backend.sync());
            assertThat(backend.push(head)).isEqualTo(GitBackend.PushOutcome.PUSHED);
        }
        try (java.util.stream.Stream<Path> entries = Files.list(directory)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly(".git");
        }
        JGitBackend.builder(remote.uri(), directory).build().close();
    }

    @Test
    @DisplayName("commits, syncs and pushes the configured branch, leaving main alone")
    void otherBranch() throws Exception {
        try (JGitBackend backend = JGitBackend.builder(remote.uri(), remote.newWorkingDirectory())
                .branch("production").build()) {
            String head = backend.commit(Map.of("a.yaml", Optional.of("a\n")), MESSAGE, backend.sync());
            assertThat(backend.push()).isEqualTo(PushOutcome.PUSHED);
            assertThat(remoteHead("production")).isEqualTo(head);
            assertThat(remoteHead("main")).isNull();
        }
    }

    @Test
    @DisplayName("refuses paths that leave the repository or reach into .git")
    void refusesBadPaths() {
        try (JGitBackend backend = remote.openClone()) {
            String head = backend.sync();
            for (String path : new String[] {"../escape.yaml", "/etc/passwd", ".git/config", "a//b", "a/./b", "dir/"}) {
                assertThatThrownBy(() -> backend.commit(Map.of(path, Optional.of("x")), MESSAGE, head))
                        .as(path).isInstanceOf(InvalidValueException.class);
                assertThatThrownBy(() -> backend.read(path)).as(path).isInstanceOf(InvalidValueException.class);
            }
            for (String directory : new String[] {"../escape", "/etc", ".git", "a//b", "a/./b", null}) {
                assertThatThrownBy(() -> backend.list(directory)).as(directory).isInstanceOf(InvalidValueException.class);
            }
        }
    }

    @Test
    @DisplayName("refuses to push before anything is committed")
    void nothingToPush() {
        try (JGitBackend backend = remote.openClone()) {
            backend.sync();
            assertThatThrownBy(backend::push).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("nothing to push");
        }
    }

    private String remoteHead(String branch) throws Exception {
        try (Git git = Git.open(remote.directory().toFile())) {
            var ref = git.getRepository().exactRef("refs/heads/" + branch);
            return ref == null ? null : ref.getObjectId().name();
        }
    }

    private RevCommit remoteCommit(String branch) throws Exception {
        try (Git git = Git.open(remote.directory().toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            return walk.parseCommit(git.getRepository().resolve("refs/heads/" + branch));
        }
    }
}
