package dev.stepwise.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.FooterLine;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("GitOpsExample")
class GitOpsExampleTest {

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    @DisplayName("leaves a repository whose main holds one commit per traffic change, with trailers, and says how to read it")
    void historyHasOneCommitPerStep() throws Exception {
        Path target = dir.resolve("gitops");

        int status = GitOpsExample.run(new String[] {target.toString()}, print(out), print(err));

        assertThat(status).isZero();
        List<RevCommit> commits = history(target.resolve("remote.git"));
        assertThat(commits).extracting(RevCommit::getShortMessage).containsExactly(
                "test/podinfo: canary 50% -> 0% (finalize)",
                "test/podinfo: canary 40% -> 50% (advance)",
                "test/podinfo: canary 30% -> 40% (advance)",
                "test/podinfo: canary 20% -> 30% (advance)",
                "test/podinfo: canary 10% -> 20% (advance)",
                "test/podinfo: canary 0% -> 10% (advance)",
                "test/podinfo: canary 0% kept (route set up or repaired)",
                "Start the GitOps repository");
        assertThat(commits.subList(0, 6)).allSatisfy(c -> assertThat(c.getFooterLines()).extracting(FooterLine::getKey)
                .containsExactly("Stepwise-Rollout", "Stepwise-Step", "Stepwise-Decision", "Stepwise-Split"));
        assertThat(text(out)).contains("Canary of test/podinfo in GitOps mode: Succeeded",
                "git -C " + target.resolve("remote.git") + " log main", "test/podinfo: canary 40% -> 50% (advance)");
        assertThat(text(err)).isEmpty();
    }

    @Test
    @DisplayName("runs again over its own earlier run, starting afresh")
    void runsAgain() throws Exception {
        Path target = dir.resolve("gitops");
        GitOpsExample.run(new String[] {target.toString()}, print(out), print(err));

        int status = GitOpsExample.run(new String[] {target.toString()}, print(out), print(err));

        assertThat(status).isZero();
        assertThat(history(target.resolve("remote.git"))).hasSize(8);
    }

    @Test
    @DisplayName("refuses a directory holding something else, with status 2, touching nothing")
    void refusesForeignDirectory() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");

        int status = GitOpsExample.run(new String[] {dir.toString()}, print(out), print(err));

        assertThat(status).isEqualTo(2);
        assertThat(text(err)).contains("holds something else");
        assertThat(dir.resolve("notes.txt")).hasContent("mine");
    }

    private static List<RevCommit> history(Path bare) throws IOException, GitAPIException {
        try (Git git = Git.open(bare.toFile())) {
            List<RevCommit> commits = new ArrayList<>();
            git.log().add(git.getRepository().resolve("refs/heads/main")).call().forEach(commits::add);
            return commits;
        }
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
