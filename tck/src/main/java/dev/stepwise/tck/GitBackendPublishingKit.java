package dev.stepwise.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.gitops.GitBackend;
import dev.stepwise.gitops.GitBackend.CommitInfo;
import dev.stepwise.gitops.PublishRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link GitBackend#publish} as tests: whether a backend publishes each change alone (the
 * default) or several callers' changes together (a chain pushed once), each change is a commit of
 * its own on the remote, a failed check fails only its change, and a remote that moved on is a
 * {@link PublishRejectedException} with nothing published. Runs in {@link GitBackendCompatibilityKit}.
 */
public abstract class GitBackendPublishingKit extends GitBackendReadingKit {

    private static final int THREADS = 6;

    @Nested
    @DisplayName("publishing together")
    class PublishingTogether {

        @Test
        @DisplayName("publishes a change as its own commit, which another clone then reads at the head")
        void publishesOneChange() {
            String commit = backend.publish(head -> backend.commit(write(PATH, "weight: 10\n"), message("step 1"), head));

            assertThat(anotherClone().sync()).isEqualTo(commit);
            assertThat(backend.log(PATH, 10)).extracting(CommitInfo::message).first().asString().startsWith("step 1");
        }

        @Test
        @DisplayName("returns the head and pushes nothing when the change has nothing to commit")
        void nothingToCommit() {
            String base = backend.publish(head -> backend.commit(write(PATH, "weight: 10\n"), message("base"), head));

            String same = backend.publish(head -> backend.commit(write(PATH, "weight: 10\n"), message("again"), head));

            assertThat(same).isEqualTo(base);
            assertThat(anotherClone().sync()).isEqualTo(base);
        }

        @Test
        @DisplayName("fails a change whose check throws with that very exception, publishing nothing of it")
        void failedCheck() {
            String base = backend.publish(head -> backend.commit(write(PATH, "weight: 10\n"), message("base"), head));
            IllegalStateException stale = new IllegalStateException("the stored version moved on");

            assertThatThrownBy(() -> backend.publish(head -> {
                throw stale;
            })).isSameAs(stale);

            assertThat(anotherClone().sync()).isEqualTo(base);
            assertThat(backend.publish(head -> backend.commit(write(PATH, "weight: 20\n"), message("next"), head)))
                    .as("the next change publishes as usual").isNotEqualTo(base);
        }

        @Test
        @DisplayName("answers PublishRejectedException when the remote moved on after the sync; published again, both commits stay")
        void rejected() {
            String theirs = backend.publish(head -> backend.commit(write("other.yaml", "0\n"), message("base"), head));
            String[] pushedMeanwhile = new String[1];

            assertThatThrownBy(() -> backend.publish(head -> {
                pushedMeanwhile[0] = pushedByAnotherClone("other.yaml", "theirs\n");
                return backend.commit(write(PATH, "weight: 10\n"), message("mine"), head);
            })).isInstanceOf(PublishRejectedException.class);
            assertThat(anotherClone().sync()).as("nothing of the rejected change").isEqualTo(pushedMeanwhile[0]);

            String mine = backend.publish(head -> backend.commit(write(PATH, "weight: 10\n"), message("mine"), head));

            assertThat(anotherClone().sync()).isEqualTo(mine);
            assertThat(backend.log("", 10)).extracting(CommitInfo::id).contains(mine, pushedMeanwhile[0], theirs);
        }

        @Test
        @DisplayName("lands the changes of several threads, each as a commit of its own with its own message")
        void manyThreads() throws Exception {
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            List<Future<String>> published = new ArrayList<>();
            try {
                for (int i = 0; i < THREADS; i++) {
                    String path = "apps/app-" + i + ".yaml";
                    String subject = "step of app-" + i;
                    published.add(threads.submit(() -> backend.publish(
                            head -> backend.commit(write(path, "weight: 10\n"), message(subject), head))));
                }
                List<String> commits = new ArrayList<>();
                for (Future<String> future : published) {
                    commits.add(future.get(2, TimeUnit.MINUTES));
                }
                assertThat(commits).doesNotHaveDuplicates();
            } finally {
                threads.shutdownNow();
            }

            GitBackend other = anotherClone();
            other.sync();
            List<String> subjects = other.log("", 100).stream().map(c -> c.message().lines().findFirst().orElse("")).toList();
            for (int i = 0; i < THREADS; i++) {
                assertThat(subjects).as("app-%d's commit", i).containsOnlyOnce("step of app-" + i);
                assertThat(other.read("apps/app-" + i + ".yaml")).isPresent();
            }
        }
    }
}
