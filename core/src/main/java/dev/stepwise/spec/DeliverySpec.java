package dev.stepwise.spec;

import dev.stepwise.secret.internal.RedactedUrl;
import dev.stepwise.validation.Problems;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the rollout's route changes go: {@code cluster} (applied to the API server, the default)
 * or {@code git} (committed to a repository a GitOps tool syncs). Declared, like the strategy, as
 * exactly one of the two.
 *
 * <pre>{@code
 * delivery:
 *   git:
 *     repository: https://github.com/example/fleet.git
 *     branch: main
 *     path: clusters/prod/podinfo
 *     mode: pullRequest
 * }</pre>
 */
public sealed interface DeliverySpec permits DeliverySpec.Cluster, DeliverySpec.Git {

    /** The spec names of the choices. */
    List<String> KINDS = List.of("cluster", "git");

    /** The default: route changes are applied to the cluster's API server. */
    static DeliverySpec cluster() {
        return new Cluster();
    }

    /** {@code cluster} or {@code git}. */
    String kind();

    /** Route changes are applied to the cluster's API server. */
    record Cluster() implements DeliverySpec {
        @Override
        public String kind() {
            return "cluster";
        }
    }

    /** How a change reaches the branch of a {@link Git} delivery. */
    enum GitMode {
        /** Commit on the branch and push: applied once pushed (the default). */
        PUSH("push"),
        /** Push each change to a branch of its own for a person to merge; applied once merged. */
        PULL_REQUEST("pullRequest");

        private final String label;

        GitMode(String label) {
            this.label = label;
        }

        /** The name written in a spec. */
        public String label() {
            return label;
        }
    }

    /**
     * Route changes are committed to a Git repository.
     *
     * @param repository the remote: an {@code https}, {@code http}, {@code ssh}, {@code git} or
     *                   {@code file} URL, or scp-like {@code git@host:org/repo.git}; no password
     *                   or token in it (for ssh a login name is allowed)
     * @param branch     the branch to commit to; empty (the default) for the one the remote's
     *                   {@code HEAD} names
     * @param path       the folder, relative to the repository's root, '/'-separated, without
     *                   {@code ..}; empty (the default) for the root
     * @param mode       {@code push} (the default) or {@code pullRequest}
     */
    record Git(String repository, String branch, String path, GitMode mode) implements DeliverySpec {

        private static final List<String> SCHEMES = List.of("https", "http", "ssh", "git", "file");
        private static final Pattern SCP_LIKE = Pattern.compile("([A-Za-z0-9._-]+@)?[A-Za-z0-9.-]+:[^/\\s][^\\s]*");
        private static final Pattern BAD_BRANCH = Pattern.compile(
                "^[-/.]|[/.]$|\\.\\.|//|@\\{|\\.lock$|[\\x00-\\x20~^:?*\\[\\\\\\x7f]");

        /** @throws dev.stepwise.validation.InvalidConfigException listing every problem */
        public Git {
            branch = branch == null ? "" : branch;
            path = path == null ? "" : path;
            mode = mode == null ? GitMode.PUSH : mode;
            Problems problems = new Problems();
            checkRepository(problems, repository);
            if (!branch.isEmpty() && (branch.length() > 255 || BAD_BRANCH.matcher(branch).find())) {
                problems.add("branch", "\"" + branch + "\" must be a valid Git branch name");
            }
            if (path.startsWith("/") || path.contains("\\") || path.length() > 1024
                    || List.of(path.split("/")).stream().anyMatch(s -> s.equals("..") || s.equals("."))) {
                problems.add("path", "\"" + path + "\" must be a relative '/'-separated folder without . or .."
                        + " segments; empty for the repository's root");
            }
            problems.throwIfAny("git delivery");
        }

        /** The repository, its default branch and root, changes pushed. */
        public static Git of(String repository) {
            return new Git(repository, "", "", GitMode.PUSH);
        }

        @Override
        public String kind() {
            return "git";
        }

        private static void checkRepository(Problems problems, String repository) {
            if (repository == null || repository.isBlank()) {
                problems.add("repository", "is required, e.g. https://github.com/example/fleet.git");
                return;
            }
            if (!repository.contains("://")) {
                if (!SCP_LIKE.matcher(repository).matches()) {
                    problems.add("repository", RedactedUrl.of(repository) + " must be a Git remote URL"
                            + " (https, http, ssh, git or file) or scp-like git@host:org/repo.git");
                }
                return;
            }
            URI uri;
            try {
                uri = new URI(repository.strip());
            } catch (URISyntaxException e) {
                problems.add("repository", RedactedUrl.of(repository) + " is not a URL");
                return;
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String userInfo = uri.getRawUserInfo();
            if (userInfo != null && (userInfo.contains(":") || !scheme.equals("ssh"))) {
                // a token in the user part would be kept in Git with the spec and printed with the URL
                problems.add("repository", RedactedUrl.of(uri) + " must not contain user info (a token or a"
                        + " password); the Git credentials are given to the process running the rollout");
            } else if (!SCHEMES.contains(scheme)) {
                problems.add("repository", RedactedUrl.of(uri) + " must be an https, http, ssh, git or file URL");
            }
        }
    }
}
