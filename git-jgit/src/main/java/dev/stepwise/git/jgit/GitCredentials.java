package dev.stepwise.git.jgit;

import dev.stepwise.validation.InvalidValueException;
import java.nio.file.Path;

/**
 * How {@link JGitBackend} authenticates to the remote. Secrets never appear in {@code toString},
 * logs or exception messages: {@code toString} shows {@code ****} in their place.
 *
 * <ul>
 *   <li>{@link None}: anonymous ({@code file://}, {@code git://}, public HTTPS).</li>
 *   <li>{@link Token}: an HTTPS access token, sent as HTTP basic auth with the user name
 *       {@value Token#USERNAME} (GitHub, GitLab, Gitea and Azure DevOps take any user name with a
 *       token as the password); for a server that wants another user name, use {@link Basic}.</li>
 *   <li>{@link Basic}: an HTTPS user name and password.</li>
 *   <li>{@link SshKey}: an unencrypted private key file for {@code ssh://} remotes, through JGit's
 *       Apache MINA SSH client, with a known_hosts file and a {@link HostKeyChecking} policy.</li>
 * </ul>
 */
public sealed interface GitCredentials
        permits GitCredentials.None, GitCredentials.Token, GitCredentials.Basic, GitCredentials.SshKey {

    /** Anonymous access. */
    static GitCredentials none() {
        return new None();
    }

    /** An HTTPS access token. */
    static GitCredentials token(String token) {
        return new Token(token);
    }

    /** An HTTPS user name and password. */
    static GitCredentials basic(String username, String password) {
        return new Basic(username, password);
    }

    /** An SSH private key with strict host key checking against {@code knownHosts}. */
    static GitCredentials sshKey(Path privateKey, Path knownHosts) {
        return new SshKey(privateKey, knownHosts, HostKeyChecking.STRICT);
    }

    /** The secrets to keep out of messages; empty when there are none. */
    default java.util.List<String> secrets() {
        return java.util.List.of();
    }

    /** Anonymous access. */
    record None() implements GitCredentials {
        @Override
        public String toString() {
            return "None";
        }
    }

    /**
     * An HTTPS access token.
     *
     * @param token not blank
     */
    record Token(String token) implements GitCredentials {
        /** The user name sent with the token. */
        public static final String USERNAME = "x-access-token";

        public Token {
            requireSecret("token", token);
        }

        @Override
        public java.util.List<String> secrets() {
            return java.util.List.of(token);
        }

        @Override
        public String toString() {
            return "Token[****]";
        }
    }

    /**
     * An HTTPS user name and password.
     *
     * @param username not blank
     * @param password not blank
     */
    record Basic(String username, String password) implements GitCredentials {
        public Basic {
            if (username == null || username.isBlank()) {
                throw new InvalidValueException("username", username, "must not be blank");
            }
            requireSecret("password", password);
        }

        @Override
        public java.util.List<String> secrets() {
            return java.util.List.of(password);
        }

        @Override
        public String toString() {
            return "Basic[" + username + ", ****]";
        }
    }

    /**
     * An SSH private key.
     *
     * @param privateKey      an unencrypted OpenSSH or PEM private key file
     * @param knownHosts      the known_hosts file the server's key is checked against (and, with
     *                        {@link HostKeyChecking#ACCEPT_NEW}, added to)
     * @param hostKeyChecking what to do with a server whose key is not in {@code knownHosts}
     */
    record SshKey(Path privateKey, Path knownHosts, HostKeyChecking hostKeyChecking) implements GitCredentials {
        public SshKey {
            InvalidValueException.requireNonNull("privateKey", privateKey);
            InvalidValueException.requireNonNull("knownHosts", knownHosts);
            InvalidValueException.requireNonNull("hostKeyChecking", hostKeyChecking);
        }

        /** The same key, accepting (and remembering) servers not known yet, as {@code ssh -o StrictHostKeyChecking=accept-new}. */
        public SshKey acceptingNewHosts() {
            return new SshKey(privateKey, knownHosts, HostKeyChecking.ACCEPT_NEW);
        }

        @Override
        public String toString() {
            // the key's path is not a secret, its content is never read into this record
            return "SshKey[" + privateKey + ", known hosts " + knownHosts + ", " + hostKeyChecking + "]";
        }
    }

    /** What to do with an SSH server whose host key is not in the known_hosts file. */
    enum HostKeyChecking {
        /** Refuse it (the default), as {@code StrictHostKeyChecking=yes}. */
        STRICT,
        /**
         * Accept it and add it to the known_hosts file (created when absent); a changed key is
         * still refused. For first contact and tests.
         */
        ACCEPT_NEW
    }

    private static void requireSecret(String field, String secret) {
        if (secret == null || secret.isBlank()) {
            // never echo the value itself
            throw new InvalidValueException(field, "(hidden)", "must not be blank");
        }
    }
}
