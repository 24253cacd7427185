package dev.stepwise.gitops;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A Git repository Stepwise commits to: the repository a GitOps controller (Argo CD, Flux)
 * reconciles a cluster from, so that every traffic change is a commit and the audit trail is
 * the history. One instance per repository and branch; implementations keep a working copy.
 *
 * <p><b>Contract.</b> {@link #sync()} brings the working copy to the remote branch's head and
 * returns it ({@link #NO_COMMIT} while the remote has no such branch); reads then answer at that
 * head. {@link #commit} is a compare-and-set on the parent:
 * it commits only on top of {@code expectedParent} (else {@link StaleHeadException}, nothing
 * written). {@link #push} never forces: a rejected push ({@link PushOutcome#REJECTED}) leaves the
 * remote untouched and the local commit in place until the next {@link #sync()}, so no commit of
 * anyone is ever lost. Credentials are never logged, never in exception messages, never in
 * {@code toString}. Thread-safe.
 *
 * <p><b>Publishing a change.</b> Callers on several threads share one working copy, and a
 * {@link #sync()} drops local commits not pushed yet: a change is published inside one
 * {@link #exclusively} hold, as sync (or the head known to be current), checks, {@link #commit}
 * on that head, then {@link #push(String)} of the very commit returned, which counts as
 * {@link PushOutcome#PUSHED} only when the remote branch then holds that commit. Another caller's
 * sync, commit or push waits until the hold ends.
 */
public interface GitBackend extends AutoCloseable {

    /**
     * The head {@link #sync()} returns while the remote has no commit on the branch: forty zeros,
     * never the id of a real commit. The first {@link #commit} expects it as its parent and
     * creates the branch; {@link #read}, {@link #list} and {@link #log} answer empty meanwhile.
     */
    String NO_COMMIT = "0".repeat(40);

    /**
     * Fetches the remote branch and moves the working copy to its head (cloning on first use),
     * dropping local commits that were not pushed; returns the head's id, {@link #NO_COMMIT}
     * while the remote has no commit on the branch. An implementation may skip the fetch while the
     * head it holds was confirmed (fetched, or its own push accepted) within a short window it
     * documents; after a rejected push the next sync always fetches.
     */
    String sync();

    /** The file at {@code path} (relative, '/'-separated) at the current head; empty when absent. */
    Optional<GitFile> read(String path);

    /**
     * The paths of the files under {@code directory} (relative, '/'-separated; empty for the whole
     * tree; a trailing '/' is ignored) at the current head, like {@link #read}: recursive, full
     * repository paths ({@code apps/podinfo/canary/a.yaml} for {@code apps/podinfo}), in
     * {@link String} order. Empty when the directory is absent (or names a file) and before the
     * first commit. Read from the head commit alone: the cost does not grow with the history.
     */
    List<String> list(String directory);

    /**
     * Commits {@code changes} (path to new content; an empty content deletes the file) on top of
     * {@code expectedParent}, with {@code message}. Changes that leave a file as it is are not
     * changes; when none is left, nothing is committed and {@code expectedParent} is returned.
     *
     * @return the new commit's id
     * @throws StaleHeadException if the local head is not {@code expectedParent}
     */
    String commit(Map<String, Optional<String>> changes, CommitMessage message, String expectedParent);

    /**
     * Pushes the local head to the remote branch, never forcing. Another thread's {@link #sync()}
     * may have moved the local head since a commit; to publish a commit, use {@link #push(String)}
     * inside {@link #exclusively}.
     */
    PushOutcome push();

    /**
     * Pushes exactly {@code commit} (a commit of this working copy) to the remote branch, never
     * forcing, as the refspec {@code <commit>:refs/heads/<branch>}; creates the branch on an empty
     * remote. {@link PushOutcome#PUSHED} only when the remote branch then points at
     * {@code commit}: a remote already at another commit is {@link PushOutcome#REJECTED} (sync,
     * make the change again on the new head, push that), never "up to date".
     */
    PushOutcome push(String commit);

    /**
     * Runs {@code body} holding the working copy: no other thread's call on this backend runs
     * until {@code body} returns or throws, while this thread's calls inside it run as usual
     * (the hold is reentrant). A sync, commit and push made inside one hold cannot lose the
     * commit to another thread's {@link #sync()}. Keep waits (a backoff) outside the hold.
     *
     * @return what {@code body} returned
     */
    <T> T exclusively(Supplier<T> body);

    /**
     * Publishes {@code change} on the remote branch, possibly together with other callers' changes,
     * and returns when it is there: the commit it made, as on the remote branch, or the head it
     * found when it had nothing to commit. Each change stays a commit of its own (its own message
     * and trailers); an implementation may commit several callers' changes as a chain (each commit
     * the parent of the next) and push the chain's tip once.
     *
     * <p>This default publishes {@code change} alone, in one {@link #exclusively} hold: {@link #sync()},
     * {@link Change#commitOn} on that head, {@link #push(String)} of the commit made.
     *
     * @throws PublishRejectedException the remote branch moved on: nothing of the change was
     *         published; try again (after a backoff) with a new sync
     * @throws RuntimeException what the change's check threw (only that change fails), or what the
     *         sync or push threw
     */
    default String publish(Change change) {
        return exclusively(() -> {
            String head = sync();
            String commit = change.commitOn(head);
            if (commit.equals(head)) {
                return head;
            }
            if (push(commit) != PushOutcome.PUSHED) {
                throw new PublishRejectedException(commit);
            }
            return commit;
        });
    }

    /**
     * Runs {@code body} carrying {@code ahead}: the first change this thread then
     * {@link #publish publishes} on this backend that lands takes {@code ahead} with it, as the
     * commit just before its own, in the same push ({@link Change#andThen}). An attempt that fails
     * publishes neither, and the next attempt carries {@code ahead} again. Used to push a step's
     * write-ahead state record with the step's traffic change
     * ({@link dev.stepwise.spi.StateStore#saveAhead}).
     *
     * <p>Once {@code body} has returned or thrown, the answer says whether {@code ahead} was
     * published and what {@code body} threw (caught, not rethrown); publishing {@code ahead} when
     * it was not is the caller's part. A backend wrapping another delegates this call, so the
     * carried change reaches the publish that wraps it. This default cannot carry a change: it
     * returns empty without running {@code body}, and the caller publishes {@code ahead} first.
     *
     * @return what carrying did; empty, {@code body} not run, when this backend does not carry
     */
    default Optional<Carried> carry(Change ahead, Runnable body) {
        return Optional.empty();
    }

    /**
     * What {@link #carry} did: whether the carried change was published (with a change of the
     * body's), and what the body threw, if it threw.
     */
    record Carried(boolean published, Optional<RuntimeException> failure) {
    }

    /**
     * Runs {@code reads} on the files at the remote branch's head, at least as fresh as a
     * {@link #sync()} made now would bring (same fetch rule, same reuse window), and returns what
     * it returned. Unlike {@code exclusively(() -> { sync(); ... read ... })}, an implementation
     * may answer without holding the working copy (reading an immutable snapshot of the last
     * fetched or pushed head, never unpushed local commits), so reads need not wait behind
     * another thread's push. The snapshot is valid only inside {@code reads}.
     *
     * <p>This default does exactly {@code exclusively(() -> { sync(); return reads.apply(...); })},
     * reading through this backend.
     */
    default <T> T readSynced(Function<? super Snapshot, T> reads) {
        return exclusively(() -> {
            sync();
            return reads.apply(Snapshot.of(this));
        });
    }

    /**
     * Runs {@code reads} on the files at the head last synced or pushed, without fetching: for a
     * caller that knows the head it needs is there (its own pushed commit, checked with
     * {@link Snapshot#contains}). This default runs {@code reads} in one {@link #exclusively} hold,
     * reading through this backend.
     */
    default <T> T readCurrent(Function<? super Snapshot, T> reads) {
        return exclusively(() -> reads.apply(Snapshot.of(this)));
    }

    /**
     * Pushes the local head to another remote branch (a pull-request branch such as
     * {@code stepwise/test-podinfo/7}), creating or fast-forwarding it, never forcing.
     */
    PushOutcome pushTo(String branch);

    /** Whether the remote branch's head (as of the last {@link #sync()}) contains {@code commit}. */
    boolean contains(String commit);

    /** Commits on the current head that touched {@code path} (all commits when empty), newest first, at most {@code max}. */
    List<CommitInfo> log(String path, int max);

    /**
     * Like {@link #log(String, int)}, stopping at the commit {@code until}: what it answers up to
     * and including {@code until} (present only when it touched {@code path}), nothing older.
     * When {@code until} is not in the current head's history, the same as {@link #log(String, int)}.
     * The default filters {@link #log(String, int)} (for an {@code until} that touched the path); an implementation should not walk past
     * {@code until}, so that the cost follows the commits made since, not the history's length.
     */
    default List<CommitInfo> log(String path, int max, String until) {
        List<CommitInfo> upTo = new java.util.ArrayList<>();
        for (CommitInfo commit : log(path, max)) {
            upTo.add(commit);
            if (commit.id().equals(until)) {
                break;
            }
        }
        return upTo;
    }

    /**
     * The newest commit of the current head's history that changed {@code path}, when the backend
     * can tell without walking the file's history commit by commit, and the file's blob at the head
     * is {@code blobNow} ({@code ""}: absent). The answer is checked by the blob: a backend keeping an
     * index of its history answers only when the blob that commit left is {@code blobNow}. Empty when
     * it cannot tell; the caller then walks {@link #log(String, int)}. The answer carries the commit's
     * message, trailers and author, and {@code path} as its only file. Default: empty.
     */
    default Optional<CommitInfo> newestChange(String path, String blobNow) {
        return Optional.empty();
    }

    /** Releases the working copy's resources; the working copy stays on disk. */
    @Override
    void close();

    /**
     * The files at one head of the remote branch, as {@link #readSynced} and {@link #readCurrent}
     * hand them to their reads: the same answers as {@link #read}, {@link #list} and
     * {@link #contains} at that head.
     */
    interface Snapshot {

        /** The file at {@code path} at this head; empty when absent. */
        Optional<GitFile> read(String path);

        /** The files under {@code directory} at this head, as {@link GitBackend#list}. */
        List<String> list(String directory);

        /** Whether this head contains {@code commit}. */
        boolean contains(String commit);

        /** Reads through {@code backend} as it is now (its current head); valid inside a hold of it. */
        static Snapshot of(GitBackend backend) {
            return new Snapshot() {
                @Override
                public Optional<GitFile> read(String path) {
                    return backend.read(path);
                }

                @Override
                public List<String> list(String directory) {
                    return backend.list(directory);
                }

                @Override
                public boolean contains(String commit) {
                    return backend.contains(commit);
                }

                @Override
                public String toString() {
                    return "Snapshot[through " + backend + "]";
                }
            };
        }
    }

    /** What a push did. */
    enum PushOutcome {
        /** The remote branch now points at the local head. */
        PUSHED,
        /** The remote branch moved on (non-fast-forward); sync, re-apply the change and try again. */
        REJECTED
    }

    /**
     * One file as committed.
     *
     * @param path    its path in the repository
     * @param content its text (UTF-8)
     * @param blobId  the id of its content: equal ids, equal content (a compare-and-set token)
     */
    record GitFile(String path, String content, String blobId) {
    }

    /**
     * One commit of the history.
     *
     * @param id       the commit id
     * @param message  the full message, trailers included
     * @param trailers the trailers ({@code Stepwise-Rollout}, {@code Stepwise-Step}...), in order
     * @param author   the author's name
     * @param files    the paths it changed
     */
    record CommitInfo(String id, String message, Map<String, String> trailers, String author, List<String> files) {
        public CommitInfo {
            trailers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(trailers));
            files = List.copyOf(files);
        }
    }
}
