package dev.stepwise.operator.crd;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * {@code spec.metricsServer}: a Prometheus-compatible API. Secrets are references only.
 *
 * @param address     an absolute http or https URL
 * @param timeout     how long a query may take
 * @param bearerToken a token, by reference (not with basicAuth: the validator's)
 * @param basicAuth   a user name and a password reference
 */
public record MetricsServer(@Required @Pattern(SchemaPatterns.HTTP_URL) String address,
                            @Pattern(SchemaPatterns.DURATION) String timeout, SecretReference bearerToken,
                            BasicAuth basicAuth) {

    /**
     * A secret reference: exactly one of its fields.
     *
     * @param secretKeyRef a key of a Secret in the rollout's namespace
     * @param env          an environment variable of the controller
     */
    @FieldCount(min = 1, max = 1)
    public record SecretReference(SecretKeyRef secretKeyRef, @Pattern(SchemaPatterns.ENV_NAME) String env) {
    }

    /**
     * {@code secretKeyRef}.
     *
     * @param name the Secret, a DNS-1123 subdomain
     * @param key  the key in its data
     */
    public record SecretKeyRef(@Required @Pattern(SchemaPatterns.DNS_SUBDOMAIN) String name,
                               @Required @Size(max = 253) @Pattern(SchemaPatterns.SECRET_KEY) String key) {
    }

    /**
     * {@code basicAuth}.
     *
     * @param username 1 to 253 characters, no colon or line break
     * @param password by reference
     */
    public record BasicAuth(@Required @Size(min = 1, max = 253) @Pattern("^[^:\\r\\n]+$") String username,
                            @Required SecretReference password) {
    }
}
