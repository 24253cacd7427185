package dev.stepwise.mesh.gatewayapi;

import dev.stepwise.validation.InvalidValueException;
import java.util.regex.Pattern;

/**
 * A Gateway an HTTPRoute attaches to for north-south traffic (a {@code parentRef} of kind
 * {@code Gateway}).
 *
 * @param name        the Gateway's name
 * @param namespace   the Gateway's namespace, or {@code ""} (the default) for the route's own
 * @param sectionName the listener to attach to, or {@code ""} (the default) for every listener
 *                    that allows the route
 */
public record GatewayRef(String name, String namespace, String sectionName) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    public GatewayRef {
        if (name == null || name.isEmpty() || name.length() > 253) {
            throw new InvalidValueException("gateway.name", name == null ? "null" : "\"" + name + "\"",
                    "must be 1 to 253 characters");
        }
        InvalidValueException.requireNonNull("gateway.namespace", namespace);
        InvalidValueException.requireNonNull("gateway.sectionName", sectionName);
        if (!namespace.isEmpty() && (namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches())) {
            throw new InvalidValueException("gateway.namespace", "\"" + namespace + "\"",
                    "must be empty (the route's namespace) or a DNS-1123 label");
        }
        if (!sectionName.isEmpty() && (sectionName.length() > 253 || !DNS_SUBDOMAIN.matcher(sectionName).matches())) {
            throw new InvalidValueException("gateway.sectionName", "\"" + sectionName + "\"",
                    "must be empty (every listener) or a DNS-1123 subdomain");
        }
    }

    /** The Gateway {@code name} in the route's namespace, every listener. */
    public static GatewayRef of(String name) {
        return new GatewayRef(name, "", "");
    }

    /** The Gateway {@code name} in {@code namespace}, every listener. */
    public static GatewayRef of(String namespace, String name) {
        return new GatewayRef(name, namespace, "");
    }

    /** This Gateway, attached to its listener {@code sectionName} only. */
    public GatewayRef withSectionName(String sectionName) {
        return new GatewayRef(name, namespace, sectionName);
    }
}
