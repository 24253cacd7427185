package dev.stepwise.git.jgit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.FooterLine;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A real bare repository on disk standing for the GitOps repository (GitHub, GitLab): branch
 * {@code main} seeded with a README, read with plain JGit so that tests check what the code under
 * test wrote without trusting it, and written to by "people" through clones of their own.
 */
final class BareRepository {

    static final String BRANCH = "main";

    private final Path dir;
    private final Path bare;
    private final AtomicInteger clones = new AtomicInteger();

    private BareRepository(Path dir) {
        this.dir = dir;
        this.bare = dir.resolve("remote.git");
    }

    /** A bare repository under {@code dir} whose {@code main} holds one commit with a README. */
    static BareRepository create(Path dir) {
        BareRepository repo = new BareRepository(dir);
        try (Git git = Git.init().setBare(true).setDirectory(repo.bare.toFile()).setInitialBranch(BRANCH).call()) {
            // No collection after an in-process push: JGit runs it on a thread of its own, and its
            // packing of refs raced the fixtures' own ref updates (LOCK_FAILURE) once a test pushed
            // dozens of times.
            git.getRepository().getConfig().setBoolean("receive", null, "autogc", false);
            git.getRepository().getConfig().save();
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException(e);
        }
        repo.seed();
        return repo;
    }

    private void seed() {
        Path work = newWorkingDir("seed");
        try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch(BRANCH).call()) {
            Files.writeString(work.resolve("README.md"), "# apps\n");
            git.add().addFilepattern("README.md").call();
            PersonIdent ops = new PersonIdent("Ops Team", "ops@example.com");
            git.commit().setMessage("Start the GitOps repository").setAuthor(ops).setCommitter(ops).call();
            requirePushed(git.push().setRemote(uri()).setRefSpecs(new RefSpec(BRANCH + ":refs/heads/" + BRANCH)).call());
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code file://...} of the bare repository. */
    String uri() {
        return bare.toUri().toString();
    }

    /** A fresh folder for another working copy. */
    Path newWorkingDir(String name) {
        return dir.resolve(name + "-" + clones.incrementAndGet());
    }

    /** Commits on {@code main}, newest first, following every parent. */
    List<Commit> history() {
        return history(BRANCH);
    }

    /** Commits on {@code branch}, newest first. */
    List<Commit> history(String branch) {
        try (Repository repository = Git.open(bare.toFile()).getRepository(); RevWalk walk = new RevWalk(repository)) {
            Ref ref = repository.exactRef("refs/heads/" + branch);
            if (ref == null) {
                return List.of();
            }
            walk.sort(RevSort.TOPO);
            walk.markStart(walk.parseCommit(ref.getObjectId()));
            List<Commit> commits = new ArrayList<>();
            for (RevCommit commit : walk) {
                commits.add(new Commit(commit.name(), commit.getFullMessage(), commit.getAuthorIdent().getName(),
                        trailers(commit), commit.getParentCount()));
            }
            return commits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file at {@code path} in {@code commit}, empty when absent. */
    Optional<String> file(String commit, String path) {
        try (Repository repository = Git.open(bare.toFile()).getRepository(); RevWalk walk = new RevWalk(repository)) {
            RevCommit revCommit = walk.parseCommit(ObjectId.fromString(commit));
            try (TreeWalk tree = TreeWalk.forPath(repository, path, revCommit.getTree())) {
                if (tree == null) {
                    return Optional.empty();
                }
                return Optional.of(new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file at {@code path} at the head of {@code main}. */
    Optional<String> fileAtHead(String path) {
        List<Commit> commits = history();
        return commits.isEmpty() ? Optional.empty() : file(commits.get(0).id(), path);
    }

    /** A person edits {@code path} in a clone of their own, commits and pushes to {@code main}; returns the commit's id. */
    String commitAsPerson(String author, String path, UnaryOperator<String> edit, String message) {
        Path work = newWorkingDir("person");
        try (Git git = Git.cloneRepository().setURI(uri()).setDirectory(work.toFile()).setBranch(BRANCH).call()) {
            Path file = work.resolve(path);
            String before = Files.exists(file) ? Files.readString(file) : "";
            Files.createDirectories(file.getParent());
            String after = edit.apply(before);
            if (after.equals(before)) {
                throw new IllegalArgumentException("the person's edit leaves " + path + " as it is");
            }
            Files.writeString(file, after);
            git.add().addFilepattern(path).call();
            PersonIdent person = new PersonIdent(author, author.toLowerCase().replace(' ', '.') + "@example.com");
            RevCommit commit = git.commit().setMessage(message).setAuthor(person).setCommitter(person).call();
            requirePushed(git.push().call());
            return commit.name();
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A person merges {@code branch} into {@code main} with a merge commit, as a pull request's merge button does. */
    String mergeAsPerson(String author, String branch) {
        Path work = newWorkingDir("merger");
        try (Git git = Git.cloneRepository().setURI(uri()).setDirectory(work.toFile()).setBranch(BRANCH).call()) {
            PersonIdent person = new PersonIdent(author, "reviewer@example.com");
            ObjectId theirs = git.getRepository().resolve("refs/remotes/origin/" + branch);
            var merged = git.merge().include(theirs).setFastForward(MergeCommand.FastForwardMode.NO_FF).setCommit(false).call();
            if (!merged.getMergeStatus().isSuccessful()) {
                throw new IllegalStateException("merge of " + branch + " failed: " + merged.getMergeStatus());
            }
            RevCommit commit = git.commit().setMessage("Merge pull request " + branch).setAuthor(person)
                    .setCommitter(person).call();
            requirePushed(git.push().call());
            return commit.name();
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Names of the branches of the bare repository. */
    List<String> branches() {
        try (Git git = Git.open(bare.toFile())) {
            return git.branchList().call().stream().map(ref -> Repository.shortenRefName(ref.getName())).sorted().toList();
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> trailers(RevCommit commit) {
        Map<String, String> trailers = new LinkedHashMap<>();
        for (FooterLine line : commit.getFooterLines()) {
            trailers.put(line.getKey(), line.getValue());
        }
        return trailers;
    }

    private static void requirePushed(Iterable<PushResult> results) {
        for (PushResult result : results) {
            for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                if (update.getStatus() != RemoteRefUpdate.Status.OK) {
                    throw new IllegalStateException("push " + update.getRemoteName() + ": " + update.getStatus());
                }
            }
        }
    }

    /** One commit as the remote holds it. */
    record Commit(String id, String message, String author, Map<String, String> trailers, int parents) {

        String subject() {
            return message.lines().findFirst().orElse("");
        }

        boolean isStepwise() {
            return trailers.containsKey(AuditCommitMessage.SPLIT);
        }
    }
}
