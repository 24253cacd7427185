package dev.stepwise.cli;

import dev.stepwise.kubernetes.StateNamespace;
import dev.stepwise.git.jgit.GitCredentials;
import dev.stepwise.git.jgit.GitStateStore;
import dev.stepwise.git.jgit.JGitBackend;
import dev.stepwise.git.jgit.JGitBackendBuilder;
import dev.stepwise.kubernetes.ConfigMapStateStore;
import dev.stepwise.secret.internal.RedactedUrl;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Which state store the operator commands read and write: the ConfigMaps of a namespace (through
 * a kubeconfig, as {@code kubectl} finds it) or a Git repository. Git credentials are named by the
 * environment variable holding them, never written on the command line, and a repository URL with
 * user info is refused.
 */
final class StoreOptions {

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig file; default as kubectl finds it (KUBECONFIG, then ~/.kube/config).")
    @Nullable Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "Kubeconfig context; default the current one.")
    @Nullable String context;

    @Option(names = "--state-namespace", paramLabel = "NS", defaultValue = StateNamespace.CLI_DEFAULT,
            description = "Namespace of the rollouts' state ConfigMaps; default ${DEFAULT-VALUE}.")
    String stateNamespace = StateNamespace.CLI_DEFAULT;

    @Option(names = "--git", paramLabel = "REPOSITORY",
            description = "Keep to the Git state store in this repository (https, http, ssh, git or file URL) instead of ConfigMaps.")
    @Nullable String git;

    @Option(names = "--branch", paramLabel = "BRANCH", description = "Git branch; default the repository's HEAD branch.")
    @Nullable String branch;

    @Option(names = "--git-dir", paramLabel = "DIR",
            description = "Working copy to clone into and reuse; default a temporary one, removed afterwards.")
    @Nullable Path gitDir;

    @Option(names = "--state-root", paramLabel = "PATH", defaultValue = GitStateStore.DEFAULT_ROOT,
            description = "Directory of the state files in the repository; default ${DEFAULT-VALUE}.")
    String stateRoot = GitStateStore.DEFAULT_ROOT;

    @Option(names = "--git-token-env", paramLabel = "VAR",
            description = "Environment variable holding an HTTPS access token.")
    @Nullable String tokenEnv;

    @Option(names = "--git-username", paramLabel = "USER", description = "HTTPS user name, with --git-password-env.")
    @Nullable String username;

    @Option(names = "--git-password-env", paramLabel = "VAR", description = "Environment variable holding the HTTPS password.")
    @Nullable String passwordEnv;

    @Option(names = "--git-ssh-key", paramLabel = "FILE", description = "Unencrypted SSH private key, for ssh:// repositories.")
    @Nullable Path sshKey;

    @Option(names = "--git-known-hosts", paramLabel = "FILE", description = "known_hosts for --git-ssh-key; default ~/.ssh/known_hosts.")
    @Nullable Path knownHosts;

    /**
     * Opens the store these options name.
     *
     * @throws StoreChoiceException if the options do not name a usable store (with a message for the operator)
     */
    OpenStore open(Map<String, String> environment) {
        if (git == null) {
            if (branch != null || gitDir != null || tokenEnv != null || passwordEnv != null || sshKey != null) {
                throw new StoreChoiceException("--branch, --git-dir and the --git-* credential options need --git REPOSITORY");
            }
            return kubernetes();
        }
        if (kubeconfig != null || context != null) {
            throw new StoreChoiceException("choose one state store: --git, or --kubeconfig/--context");
        }
        return git(git, environment);
    }

    private OpenStore kubernetes() {
        KubernetesClient client = kubernetesClient();
        String where = "ConfigMaps in namespace " + stateNamespace + " of " + cluster(client);
        return new OpenStore(ConfigMapStateStore.of(client, stateNamespace), where, client::close);
    }

    /** A client for the cluster {@code --kubeconfig} and {@code --context} name, as {@code kubectl} finds it by default. */
    KubernetesClient kubernetesClient() {
        Config config = kubeconfig != null ? Config.fromKubeconfig(context, kubeconfig.toFile())
                : Config.autoConfigure(context);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The cluster, for messages: the context and the API server's URL. */
    String cluster(KubernetesClient client) {
        return (context != null ? "context " + context : "the current context") + " (" + client.getMasterUrl() + ")";
    }

    /**
     * Checks that no state store option is given with {@code --resource}, which needs none.
     *
     * @throws StoreChoiceException naming the options given
     */
    void checkNoStore(boolean stateNamespaceGiven) {
        if (git != null || branch != null || gitDir != null || tokenEnv != null || passwordEnv != null || sshKey != null
                || stateNamespaceGiven) {
            throw new StoreChoiceException("--resource sends the command to the Rollout resource, not to a state store:"
                    + " leave out --git, --state-namespace and the --git-* options (--kubeconfig and --context choose the cluster)");
        }
    }

    private OpenStore git(String repository, Map<String, String> environment) {
        String scheme = checkRepository(repository);
        GitCredentials credentials = credentials(scheme, environment);
        Path dir;
        boolean temporary = gitDir == null;
        try {
            dir = gitDir != null ? gitDir : Files.createTempDirectory("stepwise-git-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary working copy", e);
        }
        JGitBackendBuilder builder = JGitBackend.builder(repository, dir).credentials(credentials);
        if (branch != null) {
            builder.branch(branch);
        }
        JGitBackend backend = builder.build();
        String where = "Git " + (scheme.equals("file") ? repository : RedactedUrl.of(repository)) + (branch != null ? " branch " + branch : "")
                + ", " + stateRoot + "/";
        return new OpenStore(GitStateStore.builder(backend).root(stateRoot).build(), where, () -> {
            backend.close();
            if (temporary) {
                TemporaryDirectory.delete(dir);
            }
        });
    }

    /** The repository's scheme; refuses user info, which would put a token in shell history and in every message. */
    private static String checkRepository(String repository) {
        if (!repository.contains("://")) {
            return "ssh"; // scp-like git@host:org/repo.git
        }
        URI uri;
        try {
            uri = new URI(repository.strip());
        } catch (URISyntaxException e) {
            throw new StoreChoiceException("--git " + RedactedUrl.of(repository) + " is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (RedactedUrl.hasUserInfo(uri) && (scheme.equals("http") || scheme.equals("https")
                || String.valueOf(uri.getRawUserInfo()).contains(":"))) {
            throw new StoreChoiceException("--git " + RedactedUrl.of(uri) + " must not contain user info (a token or a"
                    + " password); name the environment variable holding it with --git-token-env or --git-password-env");
        }
        return scheme;
    }

    private GitCredentials credentials(String scheme, Map<String, String> environment) {
        boolean http = scheme.equals("http") || scheme.equals("https");
        if ((tokenEnv != null || passwordEnv != null) && !http) {
            throw new StoreChoiceException("--git-token-env and --git-password-env are for http(s) repositories, not " + scheme);
        }
        if (sshKey != null && !scheme.equals("ssh")) {
            throw new StoreChoiceException("--git-ssh-key is for ssh repositories, not " + scheme);
        }
        if (tokenEnv != null) {
            return GitCredentials.token(variable("--git-token-env", tokenEnv, environment));
        }
        if (passwordEnv != null) {
            if (username == null) {
                throw new StoreChoiceException("--git-password-env needs --git-username");
            }
            return GitCredentials.basic(username, variable("--git-password-env", passwordEnv, environment));
        }
        if (sshKey != null) {
            Path hosts = knownHosts != null ? knownHosts : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
            return GitCredentials.sshKey(sshKey, hosts);
        }
        return GitCredentials.none();
    }

    private static String variable(String option, String name, Map<String, String> environment) {
        String value = environment.get(name);
        if (value == null || value.isEmpty()) {
            throw new StoreChoiceException(option + " " + name + ": the environment variable is not set");
        }
        return value;
    }
}
