package dev.stepwise.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend;
import dev.stepwise.gitops.GitBackend.CommitInfo;
import dev.stepwise.gitops.GitBackend.PushOutcome;
import dev.stepwise.gitops.StaleHeadException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The {@link GitBackend} contract as tests, against a real remote: sync, read, commit as a
 * compare-and-set on the parent, pushes that never force and lose nothing, ancestry and history
 * with trailers. A backend proves it keeps the contract with one small class in its own tests:
 *
 * <pre>{@code
 * class JGitFileBackendCompatibilityTest extends GitBackendCompatibilityKit {
 *     @TempDir Path dir;
 *     protected void createEmptyRemote() { ... init a bare repository under dir ... }
 *     protected GitBackend openClone() { return JGitBackend.builder(uri, dir.resolve(...)).build(); }
 * }
 * }</pre>
 *
 * <p>Before every test the kit calls {@link #createEmptyRemote()}, then {@link #openClone()} for
 * the {@link #backend} under test. "Another clone" (a teammate, a second engine) is simply
 * another {@link #openClone()}; tests that need a seeded remote seed it through one. The kit
 * closes every backend it opened.
 */
@DisplayName("GitBackend compatibility")
public abstract class GitBackendCompatibilityKit {

    /** The file most tests write. */
    protected static final String PATH = "apps/podinfo/virtual-service.yaml";

    /** The backend under test: a fresh working copy of a fresh, empty remote. */
    protected GitBackend backend;

    private final List<GitBackend> opened = new ArrayList<>();

    /** Creates an empty remote (no branch, no commit) for the test about to run. */
    protected abstract void createEmptyRemote() throws Exception;

    /** A new backend with a working copy of its own on the remote created last; the kit closes it. */
    protected abstract GitBackend openClone();

    @BeforeEach
    void openBackendOnEmptyRemote() throws Exception {
        createEmptyRemote();
        backend = anotherClone();
    }

    @AfterEach
    void closeBackends() {
        opened.forEach(GitBackend::close);
    }

    /** Another clone of the remote, closed after the test. */
    protected GitBackend anotherClone() {
        GitBackend clone = openClone();
        opened.add(clone);
        return clone;
    }

    /** A message with a {@code Stepwise-Rollout} trailer. */
    protected static CommitMessage message(String subject) {
        return new CommitMessage(subject, "", Map.of("Stepwise-Rollout", "test/podinfo"));
    }

    /** Has another clone commit {@code content} at {@code path} and push it; returns the commit. */
    protected String pushedByAnotherClone(String path, String content) {
        GitBackend other = anotherClone();
        String id = other.commit(Map.of(path, Optional.of(content)), message("another clone"), other.sync());
        assertThat(other.push()).isEqualTo(PushOutcome.PUSHED);
        return id;
    }

    private static Map<String, Optional<String>> write(String path, String content) {
        return Map.of(path, Optional.of(content));
    }

    @Nested
    @DisplayName("sync and read")
    class SyncAndRead {

        @Test
        @DisplayName("starts from an empty remote at NO_COMMIT, with nothing to read and no history")
        void emptyRemote() {
            assertThat(backend.sync()).isEqualTo(GitBackend.NO_COMMIT);

            assertThat(backend.read(PATH)).isEmpty();
            assertThat(backend.log("", 10)).isEmpty();
        }

        @Test
        @DisplayName("reads what another clone pushed once synced, and not before")
        void readsAfterSync() {
            backend.sync();
            String pushed = pushedByAnotherClone(PATH, "weight: 10\n");

            assertThat(backend.read(PATH)).as("before sync").isEmpty();
            assertThat(backend.sync()).isEqualTo(pushed);
            assertThat(backend.read(PATH)).get().satisfies(file -> {
                assertThat(file.path()).isEqualTo(PATH);
                assertThat(file.content()).isEqualTo("weight: 10\n");
                assertThat(file.blobId()).isNotBlank();
            });
        }

        @Test
        @DisplayName("drops a local commit that was never pushed")
        void syncDropsUnpushed() {
            String pushed = pushedByAnotherClone(PATH, "weight: 10\n");
            backend.commit(write(PATH, "weight: 20\n"), message("never pushed"), backend.sync());

            assertThat(backend.sync()).isEqualTo(pushed);
            assertThat(backend.read(PATH)).get().extracting(GitBackend.GitFile::content).isEqualTo("weight: 10\n");
        }
    }

    @Nested
    @DisplayName("commit")
    class Commit {

        @Test
        @DisplayName("commits on the expected parent, readable at once and with the parent in its history")
        void commitsOnParent() {
            String parent = backend.sync();
            String first = backend.commit(write(PATH, "weight: 10\n"), message("first"), parent);
            String second = backend.commit(write(PATH, "weight: 20\n"), message("second"), first);

            assertThat(second).isNotEqualTo(first);
            assertThat(backend.read(PATH)).get().extracting(GitBackend.GitFile::content).isEqualTo("weight: 20\n");
            assertThat(backend.log(PATH, 10)).extracting(CommitInfo::id).containsExactly(second, first);
        }

        @Test
        @DisplayName("refuses another parent than the head with StaleHeadException and writes nothing")
        void compareAndSetOnParent() {
            String parent = backend.sync();
            String head = backend.commit(write(PATH, "weight: 10\n"), message("first"), parent);

            assertThatThrownBy(() -> backend.commit(write(PATH, "weight: 50\n"), message("stale"), parent))
                    .isInstanceOf(StaleHeadException.class);

            assertThat(backend.read(PATH)).get().extracting(GitBackend.GitFile::content).isEqualTo("weight: 10\n");
            assertThat(backend.log("", 10)).extracting(CommitInfo::id).containsExactly(head);
        }

        @Test
        @DisplayName("makes no commit when every change leaves its file as it is")
        void unchangedIsNoCommit() {
            String head = backend.commit(write(PATH, "weight: 10\n"), message("first"), backend.sync());

            assertThat(backend.commit(write(PATH, "weight: 10\n"), message("same again"), head)).isEqualTo(head);
            assertThat(backend.commit(Map.of("absent.yaml", Optional.empty()), message("delete absent"), head))
                    .isEqualTo(head);
            assertThat(backend.log("", 10)).hasSize(1);
        }

        @Test
        @DisplayName("deletes a file given no content, keeping the others")
        void deletes() {
            Map<String, Optional<String>> two = new LinkedHashMap<>(write(PATH, "weight: 10\n"));
            two.put("apps/podinfo/destination-rule.yaml", Optional.of("subsets: []\n"));
            String head = backend.commit(two, message("two files"), backend.sync());

            String deleted = backend.commit(Map.of(PATH, Optional.empty()), message("delete"), head);

            assertThat(deleted).isNotEqualTo(head);
            assertThat(backend.read(PATH)).isEmpty();
            assertThat(backend.read("apps/podinfo/destination-rule.yaml")).isPresent();
            assertThat(backend.log(PATH, 10).get(0).files()).containsExactly(PATH);
        }

        @Test
        @DisplayName("gives equal content equal blob ids, whatever the path")
        void blobIds() {
            Map<String, Optional<String>> changes = new LinkedHashMap<>(write("a.yaml", "same\n"));
            changes.put("b.yaml", Optional.of("same\n"));
            changes.put("c.yaml", Optional.of("other\n"));
            backend.commit(changes, message("three"), backend.sync());

            String a = backend.read("a.yaml").orElseThrow().blobId();
            assertThat(backend.read("b.yaml").orElseThrow().blobId()).isEqualTo(a);
            assertThat(backend.read("c.yaml").orElseThrow().blobId()).isNotEqualTo(a);
        }
    }

    @Nested
    @DisplayName("push")
    class Push {

        @Test
        @DisplayName("publishes the first commit of an empty remote, which another clone then reads")
        void firstPush() {
            String id = backend.commit(write(PATH, "weight: 10\n"), message("first"), backend.sync());

            assertThat(backend.push()).isEqualTo(PushOutcome.PUSHED);

            GitBackend other = anotherClone();
            assertThat(other.sync()).isEqualTo(id);
            assertThat(other.read(PATH)).get().extracting(GitBackend.GitFile::content).isEqualTo("weight: 10\n");
        }

        @Test
        @DisplayName("is rejected when another clone pushed first, leaving the remote as that clone left it")
        void rejectedWhenRemoteMoved() {
            String base = backend.sync();
            String theirs = pushedByAnotherClone("other.yaml", "theirs\n");
            backend.commit(write(PATH, "weight: 10\n"), message("mine"), base);

            assertThat(backend.push()).isEqualTo(PushOutcome.REJECTED);

            assertThat(anotherClone().sync()).isEqualTo(theirs);
        }

        @Test
        @DisplayName("after a rejection, sync, the same change again and a push keep both commits")
        void noCommitLostAfterRejection() {
            String base = backend.sync();
            String theirs = pushedByAnotherClone("other.yaml", "theirs\n");
            backend.commit(write(PATH, "weight: 10\n"), message("mine"), base);
            assertThat(backend.push()).isEqualTo(PushOutcome.REJECTED);

            String mine = backend.commit(write(PATH, "weight: 10\n"), message("mine again"), backend.sync());
            assertThat(backend.push()).isEqualTo(PushOutcome.PUSHED);

            GitBackend other = anotherClone();
            assertThat(other.sync()).isEqualTo(mine);
            assertThat(other.read("other.yaml")).isPresent();
            assertThat(other.read(PATH)).isPresent();
            assertThat(other.log("", 10)).extracting(CommitInfo::id).containsExactly(mine, theirs);
        }

        @Test
        @DisplayName("pushes to another branch without moving the synced one")
        void pushToAnotherBranch() {
            String base = backend.commit(write(PATH, "weight: 0\n"), message("base"), backend.sync());
            assertThat(backend.push()).isEqualTo(PushOutcome.PUSHED);
            backend.commit(write(PATH, "weight: 10\n"), message("proposal"), base);

            assertThat(backend.pushTo("stepwise/test-podinfo/1")).isEqualTo(PushOutcome.PUSHED);

            assertThat(anotherClone().sync()).isEqualTo(base);
        }
    }

    @Nested
    @DisplayName("contains")
    class Contains {

        @Test
        @DisplayName("holds for a pushed commit and its ancestors, not for an unpushed or unknown one")
        void containsPushed() {
            String first = backend.commit(write(PATH, "weight: 10\n"), message("first"), backend.sync());
            String second = backend.commit(write(PATH, "weight: 20\n"), message("second"), first);
            assertThat(backend.push()).isEqualTo(PushOutcome.PUSHED);
            String unpushed = backend.commit(write(PATH, "weight: 30\n"), message("third"), second);

            assertThat(backend.contains(second)).isTrue();
            assertThat(backend.contains(first)).isTrue();
            assertThat(backend.contains(unpushed)).isFalse();
            assertThat(backend.contains("0123456789012345678901234567890123456789")).isFalse();
        }

        @Test
        @DisplayName("sees another clone's commit once synced")
        void containsAfterSync() {
            backend.sync();
            String theirs = pushedByAnotherClone(PATH, "weight: 10\n");

            assertThat(backend.contains(theirs)).isFalse();
            backend.sync();
            assertThat(backend.contains(theirs)).isTrue();
        }
    }

    @Nested
    @DisplayName("log")
    class Log {

        @Test
        @DisplayName("lists the commits that touched a path, newest first, with message, trailers, author and files")
        void logOfPath() {
            CommitMessage audit = new CommitMessage("Advance podinfo to 10%", "analysis passed",
                    Map.of("Stepwise-Rollout", "test/podinfo", "Stepwise-Step", "1"));
            String first = backend.commit(write(PATH, "weight: 10\n"), audit, backend.sync());
            String other = backend.commit(write("other.yaml", "x\n"), message("other file"), first);
            String third = backend.commit(write(PATH, "weight: 20\n"), message("second"), other);

            List<CommitInfo> log = backend.log(PATH, 10);

            assertThat(log).extracting(CommitInfo::id).containsExactly(third, first);
            CommitInfo oldest = log.get(1);
            assertThat(oldest.message()).isEqualTo(audit.text());
            assertThat(oldest.trailers()).containsExactlyInAnyOrderEntriesOf(audit.trailers());
            assertThat(oldest.author()).isNotBlank();
            assertThat(oldest.files()).containsExactly(PATH);
        }

        @Test
        @DisplayName("lists every commit for an empty path, and at most max")
        void logAllAndMax() {
            String first = backend.commit(write("a.yaml", "a\n"), message("a"), backend.sync());
            String second = backend.commit(write("b.yaml", "b\n"), message("b"), first);
            String third = backend.commit(write("c.yaml", "c\n"), message("c"), second);

            assertThat(backend.log("", 10)).extracting(CommitInfo::id).containsExactly(third, second, first);
            assertThat(backend.log("", 2)).extracting(CommitInfo::id).containsExactly(third, second);
        }
    }
}
