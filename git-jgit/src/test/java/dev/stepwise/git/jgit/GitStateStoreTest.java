package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend;
import dev.stepwise.gitops.GitBackend.CommitInfo;
import dev.stepwise.spi.StaleStateException;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.StoredRolloutJson;
import dev.stepwise.tck.StateStoreCompatibilityKit;
import dev.stepwise.validation.InvalidValueException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("GitStateStore")
class GitStateStoreTest {

    @TempDir
    Path root;

    private BareRemote remote;
    private final List<GitBackend> opened = new ArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();

    @BeforeEach
    void createRemote() throws Exception {
        remote = BareRemote.create(root, "state");
    }

    @AfterEach
    void close() {
        opened.forEach(GitBackend::close);
    }

    private GitBackend newClone() {
        GitBackend backend = remote.openClone();
        opened.add(backend);
        return backend;
    }

    private GitStateStore store(GitBackend backend) {
        return GitStateStore.builder(backend).sleeper(sleeps::add).build();
    }

    private static StoredRollout rollout(String id) {
        return Samples.simple(id);
    }

    @Test
    @DisplayName("keeps each rollout as .stepwise/state/<namespace>/<name>.json, committed with its trailers")
    void fileAndTrailers() {
        GitBackend backend = newClone();
        StoredRollout saved = store(backend).save(rollout("test/podinfo"), 0);

        assertThat(backend.read(".stepwise/state/test/podinfo.json")).get()
                .extracting(GitBackend.GitFile::content).isEqualTo(StoredRolloutJson.toJson(saved));
        CommitInfo commit = backend.log(".stepwise/state/test/podinfo.json", 1).get(0);
        assertThat(commit.trailers()).containsEntry("Stepwise-Rollout", "test/podinfo")
                .containsEntry("Stepwise-State-Version", "1");
        assertThat(commit.message()).startsWith("Save rollout test/podinfo at version 1");
    }

    @Test
    @DisplayName("lets an engine on another machine resume from Git alone, and see its saves in turn")
    void resumesFromGit() {
        GitStateStore first = store(newClone());
        StoredRollout saved = first.save(rollout("test/podinfo"), 0);

        GitStateStore second = store(newClone());
        assertThat(second.load("test/podinfo")).contains(saved);
        assertThat(second.ids()).containsExactly("test/podinfo");
        StoredRollout next = second.save(rollout("test/podinfo"), 1);

        assertThat(first.load("test/podinfo")).contains(next);
    }

    @Test
    @DisplayName("tries again, after a backoff, when another engine pushed another rollout in between")
    void retriesAfterUnrelatedPush() {
        GitStateStore other = store(newClone());
        GitStateStore store = store(new InterferingBackend(newClone(), 2,
                () -> other.save(rollout("test/other-" + sleeps.size()), 0)));

        StoredRollout saved = store.save(rollout("test/podinfo"), 0);

        assertThat(saved.version()).isEqualTo(1);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(store(newClone()).ids()).containsExactly("test/other-0", "test/other-1", "test/podinfo");
    }

    @Test
    @DisplayName("refuses with StaleStateException when another engine saved the same rollout in between")
    void staleAfterSameRolloutPush() {
        GitStateStore other = store(newClone());
        GitStateStore store = store(new InterferingBackend(newClone(), 1, () -> other.save(rollout("test/podinfo"), 0)));

        assertThatThrownBy(() -> store.save(Samples.rich("test/podinfo"), 0))
                .isInstanceOfSatisfying(StaleStateException.class, e -> assertThat(e.actual()).isEqualTo(1));
        assertThat(store(newClone()).load("test/podinfo")).contains(rollout("test/podinfo").withVersion(1));
    }

    @Test
    @DisplayName("gives up after the configured attempts while the remote keeps moving, having pushed nothing")
    void givesUp() {
        GitStateStore other = store(newClone());
        GitStateStore store = GitStateStore.builder(new InterferingBackend(newClone(), 100,
                        () -> other.save(rollout("test/other-" + sleeps.size()), 0)))
                .attempts(3).initialBackoff(Duration.ofSeconds(1)).sleeper(sleeps::add).build();

        assertThatThrownBy(() -> store.save(rollout("test/podinfo"), 0)).isInstanceOf(GitOperationException.class)
                .hasMessageContaining("moved 3 times");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(store(newClone()).load("test/podinfo")).isEmpty();
    }

    @Test
    @DisplayName("deletes with a commit of its own, and keeps state under a configured root")
    void deleteAndRoot() {
        GitBackend backend = newClone();
        GitStateStore store = GitStateStore.builder(backend).root("clusters/prod/stepwise").build();
        store.save(rollout("test/podinfo"), 0);
        assertThat(backend.read("clusters/prod/stepwise/test/podinfo.json")).isPresent();

        store.delete("test/podinfo");

        assertThat(backend.log("clusters/prod/stepwise", 10).get(0).message()).startsWith("Delete rollout test/podinfo");
        assertThat(store(newClone()).ids()).isEmpty();
    }

    @Test
    @DisplayName("lists exactly the stored rollouts after many saves and deletes, without walking the history")
    void idsAfterManySavesAndDeletes() {
        GitBackend backend = newClone();
        GitStateStore store = store(withoutHistory(backend));
        List<String> expected = new ArrayList<>(List.of("test/podinfo-v2", "test/podinfo"));
        expected.forEach(id -> store.save(rollout(id), 0));
        for (int i = 0; i < 24; i++) {
            String id = "team-" + (i % 3) + "/app-" + i;
            store.save(rollout(id), 0);
            expected.add(id);
            if (i % 3 == 0) {
                store.save(rollout(id), 1);
            }
            if (i % 4 == 0) {
                store.delete(id);
                expected.remove(id);
            }
        }
        store.save(rollout("team-0/app-0"), 0);
        expected.add("team-0/app-0");
        backend.commit(Map.of(".stepwise/state/README.md", Optional.of("not a rollout\n"),
                ".stepwise/elsewhere.json", Optional.of("{}\n")), new CommitMessage("Stray files", "", Map.of()),
                backend.sync());
        assertThat(backend.push()).isEqualTo(GitBackend.PushOutcome.PUSHED);

        List<String> sorted = expected.stream().sorted().toList();
        assertThat(store.ids()).hasSize(21).containsExactlyElementsOf(sorted);
        assertThat(store(newClone()).ids()).containsExactlyElementsOf(sorted);
    }

    /** {@code delegate}, failing the test on any read of the history. */
    private static GitBackend withoutHistory(GitBackend delegate) {
        return (GitBackend) Proxy.newProxyInstance(GitBackend.class.getClassLoader(), new Class<?>[] {GitBackend.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("log")) {
                        throw new AssertionError("walked the history");
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    @DisplayName("refuses ids that are not plain '/'-separated names")
    void refusesBadIds() {
        GitStateStore store = store(newClone());
        for (String id : new String[] {"../escape", "/abs", "a//b", "test/.hidden", "a b"}) {
            assertThatThrownBy(() -> store.load(id)).as(id).isInstanceOf(InvalidValueException.class);
        }
    }

    /** The kit's sample records. */
    static final class Samples extends StateStoreCompatibilityKit {
        static StoredRollout simple(String id) {
            return simpleRollout(id);
        }

        static StoredRollout rich(String id) {
            return richRollout(id);
        }

        @Override
        protected dev.stepwise.spi.StateStore createStore() {
            throw new UnsupportedOperationException("only the samples are used");
        }
    }
}
