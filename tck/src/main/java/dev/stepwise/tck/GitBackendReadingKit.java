package dev.stepwise.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend;
import dev.stepwise.gitops.GitBackend.CommitInfo;
import dev.stepwise.gitops.GitBackend.PushOutcome;
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
 * The reading half of the {@link GitBackend} contract as tests, against a real remote (sync,
 * read, list, history, ancestry), with the fixture both halves share. Backends extend
 * {@link GitBackendCompatibilityKit}, which adds the writing half (commit, push) and inherits
 * these {@link Nested} groups, so one small class per backend runs the whole contract.
 *
 * <p>Before every test the kit calls {@link #createEmptyRemote()}, then {@link #openClone()} for
 * the {@link #backend} under test. "Another clone" (a teammate, a second engine) is simply
 * another {@link #openClone()}; tests that need a seeded remote seed it through one. The kit
 * closes every backend it opened.
 */
public abstract class GitBackendReadingKit {

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

    /** One file's new content, as {@link GitBackend#commit} takes it. */
    protected static Map<String, Optional<String>> write(String path, String content) {
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
    @DisplayName("list")
    class ListFiles {

        @Test
        @DisplayName("lists the files under a directory, nested ones included, as full paths in String order")
        void nestedAndSorted() {
            Map<String, Optional<String>> files = new LinkedHashMap<>();
            for (String path : List.of("root.yaml", PATH, "apps/podinfo.yaml", "apps/podinfo/canary/destination-rule.yaml",
                    "other/z.yaml", "apps/podinfo-v2/x.yaml", "apps/backend/a.yaml")) {
                files.put(path, Optional.of(path + "\n"));
            }
            backend.commit(files, message("seven files"), backend.sync());

            assertThat(backend.list("apps/podinfo")).containsExactly("apps/podinfo/canary/destination-rule.yaml", PATH);
            assertThat(backend.list("apps")).containsExactly("apps/backend/a.yaml", "apps/podinfo-v2/x.yaml",
                    "apps/podinfo.yaml", "apps/podinfo/canary/destination-rule.yaml", PATH);
            assertThat(backend.list("")).isSorted().containsExactlyInAnyOrderElementsOf(files.keySet());
        }

        @Test
        @DisplayName("gives an empty list for an absent directory, a file, or the start of a directory's name")
        void absentDirectory() {
            backend.commit(write(PATH, "weight: 10\n"), message("first"), backend.sync());

            assertThat(backend.list("clusters")).isEmpty();
            assertThat(backend.list(PATH)).isEmpty();
            assertThat(backend.list("apps/pod")).isEmpty();
        }

        @Test
        @DisplayName("leaves out a deleted file, and a directory once its last file is deleted")
        void deletedFilesGone() {
            Map<String, Optional<String>> three = new LinkedHashMap<>(write(PATH, "weight: 10\n"));
            three.put("apps/podinfo/destination-rule.yaml", Optional.of("subsets: []\n"));
            three.put("kept.yaml", Optional.of("kept\n"));
            String head = backend.commit(three, message("three files"), backend.sync());

            head = backend.commit(Map.of(PATH, Optional.empty()), message("delete one"), head);
            assertThat(backend.list("apps")).containsExactly("apps/podinfo/destination-rule.yaml");

            backend.commit(Map.of("apps/podinfo/destination-rule.yaml", Optional.empty()), message("delete last"), head);
            assertThat(backend.list("apps")).isEmpty();
            assertThat(backend.list("")).containsExactly("kept.yaml");
        }

        @Test
        @DisplayName("lists nothing before the first commit, and what another clone pushed once synced")
        void beforeAnyCommit() {
            backend.sync();
            assertThat(backend.list("")).isEmpty();
            assertThat(backend.list("apps")).isEmpty();

            pushedByAnotherClone(PATH, "weight: 10\n");
            assertThat(backend.list("")).as("before sync").isEmpty();
            backend.sync();
            assertThat(backend.list("")).containsExactly(PATH);
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
