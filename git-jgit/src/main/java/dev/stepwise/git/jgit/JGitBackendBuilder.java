package dev.stepwise.git.jgit;

import dev.stepwise.secret.internal.RedactedUrl;
import dev.stepwise.validation.InvalidValueException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.URIish;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link JGitBackend}. Every setter validates at once; {@link #build()} checks that the
 * credentials fit the remote's scheme and opens (or creates) the working copy, without touching
 * the network.
 *
 * <p>Defaults: branch: the one the remote's {@code HEAD} names, as the first {@link JGitBackend#sync()}
 * sees it (what {@code git clone} checks out), or {@value #DEFAULT_BRANCH} when the remote's
 * {@code HEAD} names no branch with a commit (an empty repository); author {@code Stepwise <stepwise@localhost>};
 * committer the author; credentials {@link GitCredentials#none()}; the UTC system clock;
 * network timeout {@link #DEFAULT_TIMEOUT} (30 s); a confirmed head reused for {@link #DEFAULT_SYNC_REUSE} (1 s);
 * no working tree on disk; loose objects packed when Git's thresholds are passed.
 *
 * <p>The working directory has no default: two backends must never share one (the backend claims
 * it, see {@link JGitBackend}), and a directory that outlives the process saves a full clone on
 * restart. It must be absent, empty, or a working copy an earlier backend made for the same remote.
 */
public final class JGitBackendBuilder {

    /** The branch committed to when none is set and the remote's {@code HEAD} names none (an empty repository). */
    public static final String DEFAULT_BRANCH = "main";
    /** Connect and read timeout of every fetch and push, unless set. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How long a confirmed remote head is reused by {@link JGitBackend#sync()}, unless set: 1 s.
     * Long enough that the reads of one engine tick (state load, the route's read, the verify,
     * {@code ids}) share one fetch; short enough that a person's push is seen within a second, far
     * below any analysis interval and a GitOps controller's own polling.
     */
    public static final Duration DEFAULT_SYNC_REUSE = Duration.ofSeconds(1);
    /** The longest {@link #syncReuse} accepted. */
    public static final Duration MAX_SYNC_REUSE = Duration.ofMinutes(1);

    private static final Set<String> SCHEMES = Set.of("file", "git", "http", "https", "ssh");

    private final URIish remote;
    private final Path workingDirectory;
    private Optional<String> branch = Optional.empty();
    private PersonIdent author = new PersonIdent("Stepwise", "stepwise@localhost");
    private @Nullable PersonIdent committer;
    private GitCredentials credentials = GitCredentials.none();
    private Clock clock = Clock.systemUTC();
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration syncReuse = DEFAULT_SYNC_REUSE;
    private boolean workingTree;
    private boolean collectObjects = true;

    JGitBackendBuilder(String remoteUri, Path workingDirectory) {
        this.remote = parseRemote(remoteUri);
        this.workingDirectory = InvalidValueException.requireNonNull("workingDirectory", workingDirectory)
                .toAbsolutePath().normalize();
    }

    /**
     * The branch to sync, commit and push, whatever the remote's {@code HEAD} names; default the
     * remote's {@code HEAD} branch, or {@value #DEFAULT_BRANCH} for an empty remote.
     */
    public JGitBackendBuilder branch(String branch) {
        if (branch == null || !Repository.isValidRefName(Constants.R_HEADS + branch)) {
            throw new InvalidValueException("branch", branch, "must be a valid branch name");
        }
        this.branch = Optional.of(branch);
        return this;
    }

    /** Author of every commit (its name and email; the time comes from the clock); default {@code Stepwise <stepwise@localhost>}. */
    public JGitBackendBuilder author(PersonIdent author) {
        this.author = InvalidValueException.requireNonNull("author", author);
        return this;
    }

    /** Committer of every commit; default the author. */
    public JGitBackendBuilder committer(PersonIdent committer) {
        this.committer = InvalidValueException.requireNonNull("committer", committer);
        return this;
    }

    /** How to authenticate; default {@link GitCredentials#none()}. */
    public JGitBackendBuilder credentials(GitCredentials credentials) {
        this.credentials = InvalidValueException.requireNonNull("credentials", credentials);
        return this;
    }

    /** Time and zone of every commit; default {@link Clock#systemUTC()}. Tests pass a fixed clock. */
    public JGitBackendBuilder clock(Clock clock) {
        this.clock = InvalidValueException.requireNonNull("clock", clock);
        return this;
    }

    /**
     * How long after the remote branch's head was confirmed (by a fetch, or by this backend's own
     * accepted push) a {@link JGitBackend#sync()} reuses it instead of fetching, 0 to 1 minute;
     * default {@link #DEFAULT_SYNC_REUSE} (1 s); 0 fetches on every sync. Only how soon others' pushes
     * are seen depends on it: every commit is a compare-and-set on its parent, and a push rejected
     * because the head was behind makes the next sync fetch.
     */
    public JGitBackendBuilder syncReuse(Duration syncReuse) {
        InvalidValueException.requireNonNull("syncReuse", syncReuse);
        if (syncReuse.isNegative() || syncReuse.compareTo(MAX_SYNC_REUSE) > 0) {
            throw new InvalidValueException("syncReuse", syncReuse, "must be between 0 and 1 minute");
        }
        this.syncReuse = syncReuse;
        return this;
    }

    /**
     * Whether the files are also checked out on disk in the working directory, at the local head
     * after every sync and every published batch; default false: the directory holds the repository
     * (objects and refs) only. Every read comes from the object database either way, so this is
     * only for a person who wants to look at the files there. It costs a scan of every file of the
     * repository per batch (in a monorepo of 1,000 rollouts, about a quarter of the engine's CPU).
     */
    public JGitBackendBuilder workingTree(boolean workingTree) {
        this.workingTree = workingTree;
        return this;
    }

    /**
     * Whether the working copy's loose objects are packed once Git's threshold ({@code gc.auto})
     * is passed after a published batch; default true. Each commit writes loose objects (about 31 KB
     * a commit with 1,000 rollouts in one directory), and JGit packs them on its own only after a
     * fetch, which a backend reading from its synced head seldom makes. A packing runs on a thread
     * of its own beside the batches; past {@code gc.autoPackLimit} packs, they are packed into one
     * holding the backend. Each is logged with its time and counted in {@link JGitBackend#counts()}.
     * Off, the object database grows by every commit until a fetch or a {@code git gc} run by hand.
     */
    public JGitBackendBuilder collectObjects(boolean collectObjects) {
        this.collectObjects = collectObjects;
        return this;
    }

    /** Network timeout of fetches and pushes, 1 s to 10 min; default 30 s. */
    public JGitBackendBuilder timeout(Duration timeout) {
        InvalidValueException.requireNonNull("timeout", timeout);
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new InvalidValueException("timeout", timeout, "must be between 1 second and 10 minutes");
        }
        this.timeout = timeout;
        return this;
    }

    /**
     * The backend, its working copy opened or created.
     *
     * @throws InvalidValueException if the credentials do not fit the remote's scheme, the SSH
     *                               key is not a readable file, or the working directory is unusable
     * @throws GitOperationException if another live process, or a process on another host, owns
     *                               the working directory
     */
    public JGitBackend build() {
        checkCredentials();
        return new JGitBackend(this);
    }

    private void checkCredentials() {
        String scheme = scheme(remote);
        boolean http = scheme.equals("http") || scheme.equals("https");
        if ((credentials instanceof GitCredentials.Token || credentials instanceof GitCredentials.Basic) && !http) {
            throw new InvalidValueException("credentials", credentials, "are for http(s) remotes, not " + scheme);
        }
        if (credentials instanceof GitCredentials.SshKey key) {
            if (!scheme.equals("ssh")) {
                throw new InvalidValueException("credentials", credentials, "are for ssh remotes, not " + scheme);
            }
            if (!Files.isRegularFile(key.privateKey()) || !Files.isReadable(key.privateKey())) {
                throw new InvalidValueException("credentials.privateKey", key.privateKey(), "must be a readable file");
            }
        }
    }

    private static URIish parseRemote(String remoteUri) {
        InvalidValueException.requireNonNull("remoteUri", remoteUri);
        URIish uri;
        try {
            uri = new URIish(remoteUri);
        } catch (URISyntaxException e) {
            // the text may hold a secret pasted by mistake: show its scheme and host at most
            throw new InvalidValueException("remoteUri", RedactedUrl.of(remoteUri), "must be a Git remote URI: " + e.getReason());
        }
        String scheme = scheme(uri);
        if (uri.getPass() != null || (uri.getUser() != null && !scheme.equals("ssh"))) {
            // a token in the user part would be written to .git/config and printed with the URL
            throw new InvalidValueException("remoteUri", shown(uri), "must not contain user info"
                    + " (a token or a password); pass it with credentials(GitCredentials.token(...)) or"
                    + " credentials(GitCredentials.basic(...)), read e.g. from an environment variable");
        }
        if (!SCHEMES.contains(scheme)) {
            throw new InvalidValueException("remoteUri", shown(uri), "must be a file, git, http, https or ssh URI");
        }
        return uri;
    }

    /** The remote as it may be shown: user info (for ssh a login, never a secret) replaced by {@code ***}. */
    private static String shown(URIish uri) {
        if (uri.getUser() == null && uri.getPass() == null) {
            return uri.toString();
        }
        if (uri.getScheme() != null) {
            return RedactedUrl.of(uri.toString());
        }
        // scp-like user@host:path
        return RedactedUrl.MASK + "@" + uri.setUser(null).setPass(null);
    }

    /** The scheme; scp-like {@code user@host:path} counts as ssh, a plain path as file. */
    private static String scheme(URIish uri) {
        if (uri.getScheme() != null) {
            return uri.getScheme().toLowerCase(Locale.ROOT);
        }
        return uri.getHost() != null ? "ssh" : "file";
    }

    URIish remote() {
        return remote;
    }

    boolean workingTree() {
        return workingTree;
    }

    boolean collectObjects() {
        return collectObjects;
    }

    Path workingDirectory() {
        return workingDirectory;
    }

    /** The branch set with {@link #branch(String)}; empty: follow the remote's {@code HEAD}. */
    Optional<String> branch() {
        return branch;
    }

    PersonIdent author() {
        return author;
    }

    PersonIdent committer() {
        return committer == null ? author : committer;
    }

    GitCredentials credentials() {
        return credentials;
    }

    Clock clock() {
        return clock;
    }

    Duration timeout() {
        return timeout;
    }

    Duration syncReuse() {
        return syncReuse;
    }
}
