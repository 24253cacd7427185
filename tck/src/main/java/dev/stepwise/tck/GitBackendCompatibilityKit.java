package dev.stepwise.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.gitops.GitBackend;
import dev.stepwise.gitops.GitBackend.CommitInfo;
import dev.stepwise.gitops.GitBackend.PushOutcome;
import dev.stepwise.gitops.StaleHeadException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The {@link GitBackend} contract as tests, against a real remote: sync, read and list, commit as
 * a compare-and-set on the parent, pushes that never force and lose nothing, a change published
 * in one hold and pushed by its commit id, ancestry and history with trailers. This class holds the writing groups; the reading ones and the fixture live in
 * {@link GitBackendReadingKit}, publishing together ({@link GitBackend#publish}) in
 * {@link GitBackendPublishingKit}, and all run here too. A backend proves it keeps the contract with one
 * small class in its own tests:
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
 * the {@link #backend} under test; it closes every backend it opened.
 */
@DisplayName("GitBackend compatibility")
public abstract class GitBackendCompatibilityKit extends GitBackendPublishingKit {

    /** How long another thread's call is given to get into a hold it must wait out. */
    private static final java.time.Duration OTHER_THREAD_WINDOW = java.time.Duration.ofMillis(300);

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
    @DisplayName("publishing a change")
    class Publishing {

        @Test
        @DisplayName("pushes exactly the commit it is given, even after a sync moved the local head away from it")
        void pushesTheCommitGiven() {
            String base = backend.commit(write(PATH, "weight: 0\n"), message("base"), backend.sync());
            assertThat(backend.push(base)).isEqualTo(PushOutcome.PUSHED);
            String mine = backend.commit(write(PATH, "weight: 10\n"), message("mine"), base);
            assertThat(backend.sync()).isEqualTo(base);

            assertThat(backend.push(mine)).isEqualTo(PushOutcome.PUSHED);

            assertThat(anotherClone().sync()).isEqualTo(mine);
        }

        @Test
        @DisplayName("publishes the first commit of an empty remote by its id")
        void firstPushById() {
            String first = backend.commit(write(PATH, "weight: 10\n"), message("first"), backend.sync());

            assertThat(backend.push(first)).isEqualTo(PushOutcome.PUSHED);

            assertThat(anotherClone().sync()).isEqualTo(first);
        }

        @Test
        @DisplayName("counts a commit as pushed only when the remote holds it: a remote at another commit is REJECTED")
        void pushedOnlyWhenTheRemoteHoldsIt() {
            String base = backend.commit(write(PATH, "weight: 0\n"), message("base"), backend.sync());
            assertThat(backend.push(base)).isEqualTo(PushOutcome.PUSHED);
            String theirs = pushedByAnotherClone("other.yaml", "theirs\n");
            String mine = backend.commit(write(PATH, "weight: 10\n"), message("mine"), base);

            assertThat(backend.push(mine)).isEqualTo(PushOutcome.REJECTED);
            assertThat(backend.push(base)).as("an ancestor of the remote's head").isEqualTo(PushOutcome.REJECTED);

            assertThat(anotherClone().sync()).isEqualTo(theirs);
        }

        @Test
        @DisplayName("holds the working copy from sync to push: another thread's sync waits and then finds the pushed commit")
        void exclusiveFromSyncToPush() throws Exception {
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                Future<String> theirSync = backend.exclusively(() -> {
                    String mine = backend.commit(write(PATH, "weight: 10\n"), message("mine"), backend.sync());
                    Future<String> sync = other.submit(backend::sync);
                    assertThatThrownBy(() -> sync.get(OTHER_THREAD_WINDOW.toMillis(), TimeUnit.MILLISECONDS))
                            .as("the other thread's sync ran inside the hold").isInstanceOf(TimeoutException.class);
                    assertThat(backend.push(mine)).isEqualTo(PushOutcome.PUSHED);
                    return sync;
                });

                String synced = theirSync.get(1, TimeUnit.MINUTES);
                assertThat(synced).isEqualTo(anotherClone().sync());
                assertThat(backend.log(PATH, 10)).extracting(CommitInfo::message).first().asString().startsWith("mine");
            } finally {
                other.shutdownNow();
            }
        }
    }
}
