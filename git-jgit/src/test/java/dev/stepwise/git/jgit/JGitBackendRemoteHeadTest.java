package dev.stepwise.git.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.gitops.CommitMessage;
import dev.stepwise.gitops.GitBackend;
import dev.stepwise.gitops.GitBackend.PushOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.SymbolicRef;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remotes made with the git command line, as a user makes them, without any user or system git config. */
@DisplayName("JGitBackend without a configured branch follows the remote's HEAD")
class JGitBackendRemoteHeadTest {

    private static final CommitMessage MESSAGE = new CommitMessage("Set podinfo to 10%", "", Map.of());

    @TempDir
    Path root;

    private final AtomicInteger workingCopies = new AtomicInteger();

    @Test
    @DisplayName("a plain `git init --bare` remote someone pushed master to: syncs, commits and pushes master")
    void plainInitWithMaster() throws Exception {
        Path remote = bare("apps.git");
        String seeded = seed(remote, "master");
        try (JGitBackend backend = open(remote.toUri().toString())) {
            assertThat(backend.sync()).isEqualTo(seeded);
            String next = backend.commit(Map.of("a.yaml", Optional.of("a\n")), MESSAGE, seeded);
            assertThat(backend.push()).isEqualTo(PushOutcome.PUSHED);

            assertThat(branches(remote)).containsExactly("master " + next);
            assertThat(backend.log("", 10)).extracting(GitBackend.CommitInfo::id).containsExactly(next, seeded);
            assertThat(backend.toString()).contains(" master,");
        }
    }

    @Test
    @DisplayName("a remote made with `git init --bare -b main`: syncs, commits and pushes main")
    void initWithMain() throws Exception {
        Path remote = bare("apps.git", "-b", "main");
        String seeded = seed(remote, "main");
        try (JGitBackend backend = open(remote.toUri().toString())) {
            String next = backend.commit(Map.of("a.yaml", Optional.of("a\n")), MESSAGE, backend.sync());
            assertThat(backend.push()).isEqualTo(PushOutcome.PUSHED);

            assertThat(branches(remote)).containsExactly("main " + next);
            assertThat(backend.log("", 10)).extracting(GitBackend.CommitInfo::id).containsExactly(next, seeded);
        }
    }

    @Test
    @DisplayName("a remote whose HEAD names trunk beside a main: follows trunk, not the default's name")
    void headNamesAnotherBranch() throws Exception {
        Path remote = bare("apps.git");
        seed(remote, "main");
        String trunk = seed(remote, "trunk");
        git(remote, "symbolic-ref", "HEAD", "refs/heads/trunk");
        try (JGitBackend backend = open(remote.toUri().toString())) {
            assertThat(backend.sync()).isEqualTo(trunk);
        }
    }

    @Test
    @DisplayName("an empty remote (HEAD names master, which has no commit): keeps the default main, also on the next backend")
    void emptyRemoteKeepsTheDefault() throws Exception {
        Path remote = bare("apps.git");
        String first;
        try (JGitBackend backend = open(remote.toUri().toString())) {
            assertThat(backend.sync()).isEqualTo(GitBackend.NO_COMMIT);
            first = backend.commit(Map.of("a.yaml", Optional.of("a\n")), MESSAGE, GitBackend.NO_COMMIT);
            assertThat(backend.push()).isEqualTo(PushOutcome.PUSHED);
        }
        assertThat(branches(remote)).containsExactly(JGitBackendBuilder.DEFAULT_BRANCH + " " + first);
        try (JGitBackend restarted = open(remote.toUri().toString())) {
            assertThat(restarted.sync()).isEqualTo(first);
        }
    }

    @Test
    @DisplayName("a branch set on the builder wins over the remote's HEAD")
    void explicitBranchWins() throws Exception {
        Path remote = bare("apps.git");
        seed(remote, "master");
        try (JGitBackend backend = JGitBackend.builder(remote.toUri().toString(), root.resolve("work"))
                .branch("main").clock(BareRemote.CLOCK).build()) {
            assertThat(backend.sync()).isEqualTo(GitBackend.NO_COMMIT);
            assertThat(backend.toString()).contains(" main,");
        }
    }

    @Test
    @DisplayName("over git:// from a real git daemon, as over file://")
    void overGitDaemon() throws Exception {
        Path served = Files.createDirectories(root.resolve("served"));
        Path remote = bare("served/apps.git");
        String seeded = seed(remote, "master");
        try (GitDaemon daemon = GitDaemon.serve(served); JGitBackend backend = open(daemon.uri("apps.git"))) {
            assertThat(backend.sync()).isEqualTo(seeded);
            assertThat(backend.toString()).contains(" master,");
        }
    }

    @Nested
    @DisplayName("from a server that advertises HEAD's commit but not its name")
    class WithoutSymref {

        private final ObjectId one = ObjectId.fromString("1111111111111111111111111111111111111111");
        private final ObjectId two = ObjectId.fromString("2222222222222222222222222222222222222222");

        @Test
        @DisplayName("takes the branch at HEAD's commit, the default first when several are")
        void branchAtTheSameCommit() {
            Ref head = new ObjectIdRef.PeeledNonTag(Ref.Storage.NETWORK, "HEAD", one);
            assertThat(RemoteHead.branch(List.of(head, branch("master", two), branch("trunk", one)), "main"))
                    .contains("trunk");
            assertThat(RemoteHead.branch(List.of(head, branch("alpha", one), branch("main", one)), "main"))
                    .contains("main");
            assertThat(RemoteHead.branch(List.of(head, branch("master", two)), "main")).isEmpty();
        }

        @Test
        @DisplayName("names nothing when HEAD is absent or points at a branch without a commit")
        void nothingToFollow() {
            assertThat(RemoteHead.branch(List.of(branch("master", one)), "main")).isEmpty();
            Ref unborn = new ObjectIdRef.Unpeeled(Ref.Storage.NEW, "refs/heads/master", null);
            assertThat(RemoteHead.branch(List.of(new SymbolicRef("HEAD", unborn)), "main")).isEmpty();
        }

        private Ref branch(String name, ObjectId id) {
            return new ObjectIdRef.PeeledNonTag(Ref.Storage.NETWORK, "refs/heads/" + name, id);
        }
    }

    private JGitBackend open(String uri) {
        return JGitBackend.builder(uri, root.resolve("work-" + workingCopies.incrementAndGet())).clock(BareRemote.CLOCK).build();
    }

    /** {@code git init --bare [options] name} under the test's root; plain, it names master. */
    private Path bare(String name, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("init", "--quiet", "--bare"));
        args.addAll(List.of(options));
        args.add(name);
        git(root, args.toArray(String[]::new));
        return root.resolve(name);
    }

    /** A person's first commit on {@code branch}, pushed to {@code remote}; returns its id. */
    private String seed(Path remote, String branch) throws Exception {
        Path work = Files.createTempDirectory(root, "seed-");
        git(work, "init", "--quiet", "-b", branch);
        Files.writeString(work.resolve("README.md"), "apps on " + branch + "\n");
        git(work, "add", "README.md");
        git(work, "commit", "--quiet", "-m", "Start " + branch);
        git(work, "push", "--quiet", remote.toUri().toString(), branch);
        return git(work, "rev-parse", "HEAD").strip();
    }

    /** The remote's branches as {@code name id} lines. */
    private List<String> branches(Path remote) throws Exception {
        String out = git(remote, "for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads");
        return out.isBlank() ? List.of() : out.strip().lines().toList();
    }

    /** Runs the git command line in {@code directory} with no user or system configuration. */
    private static String git(Path directory, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=A Person", "-c", "user.email=person@example.com"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().remove("GIT_DIR");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }
}
