package dev.stepwise.spec;

import dev.stepwise.validation.Problems;
import java.util.regex.Pattern;

/**
 * Where a secret is kept, never the secret itself: a spec lives in Git and is printed by tools,
 * so it names a Kubernetes Secret's key or an environment variable, read when the rollout runs.
 * Written {@code {secretKeyRef: {name: prometheus, key: token}}} or {@code {env: PROM_TOKEN}}.
 */
public sealed interface SecretRef permits SecretRef.SecretKey, SecretRef.EnvVar {

    /** How a reference is written in a spec, for messages refusing a literal secret. */
    String HOW_TO_REFERENCE = "{secretKeyRef: {name: SECRET, key: KEY}} or {env: VARIABLE}";

    /**
     * A key of a Kubernetes Secret in the rollout's namespace.
     *
     * @param name the Secret's name, a DNS-1123 subdomain (at most 253 characters)
     * @param key  the key in its {@code data}: letters, digits, {@code -}, {@code _} and {@code .},
     *             at most 253 characters
     */
    record SecretKey(String name, String key) implements SecretRef {

        private static final Pattern SUBDOMAIN = Pattern.compile(
                "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
        private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");

        /** @throws dev.stepwise.validation.InvalidConfigException listing every problem */
        public SecretKey {
            Problems problems = new Problems();
            if (name == null || name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
                problems.add("name", "must be a Secret's name: a DNS-1123 subdomain of at most 253 characters");
            }
            if (key == null || key.length() > 253 || !KEY.matcher(key).matches()) {
                problems.add("key", "must be a Secret key: 1 to 253 letters, digits, '-', '_' or '.'");
            }
            problems.throwIfAny("secret key reference");
        }
    }

    /**
     * An environment variable of the process running the rollout.
     *
     * @param name the variable's name: a letter or {@code _}, then letters, digits or {@code _}
     */
    record EnvVar(String name) implements SecretRef {

        private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

        /** @throws dev.stepwise.validation.InvalidConfigException naming the problem */
        public EnvVar {
            Problems problems = new Problems();
            if (name == null || !NAME.matcher(name).matches()) {
                problems.add("env", "must be an environment variable's name: a letter or '_', then letters,"
                        + " digits or '_'");
            }
            problems.throwIfAny("environment variable reference");
        }
    }
}
