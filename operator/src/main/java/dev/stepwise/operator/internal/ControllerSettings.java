package dev.stepwise.operator.internal;

import dev.stepwise.validation.InvalidValueException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What the controller's {@code Main} runs with, read from its arguments, else the environment, else
 * the defaults. Every option: {@code --namespaces} / {@code STEPWISE_NAMESPACES} (comma-separated;
 * default every namespace), {@code --lease-namespace} / {@code STEPWISE_LEASE_NAMESPACE}, else
 * {@code POD_NAMESPACE} (required), {@code --lease-name} / {@code STEPWISE_LEASE_NAME} (default
 * {@value #DEFAULT_LEASE_NAME}), {@code --identity} / {@code POD_NAME}, else {@code HOSTNAME}, else the
 * host's name, {@code --metrics-port} / {@code STEPWISE_METRICS_PORT} (default {@value #DEFAULT_METRICS_PORT},
 * 1 to 65535). Arguments are {@code --name value} or {@code --name=value}.
 *
 * @param namespaces     the namespaces watched; empty for every namespace
 * @param leaseNamespace the Lease's namespace
 * @param leaseName      the Lease's name
 * @param identity       this replica's identity in the Lease
 * @param metricsPort    the port of {@code /metrics} and {@code /healthz}
 */
public record ControllerSettings(Set<String> namespaces, String leaseNamespace, String leaseName, String identity, int metricsPort) {

    /** The Lease's default name. */
    public static final String DEFAULT_LEASE_NAME = "stepwise-controller";
    /** The metrics endpoint's default port. */
    public static final int DEFAULT_METRICS_PORT = 9090;
    /** The usage line printed with an error. */
    public static final String USAGE = "usage: stepwise-operator [--namespaces NS[,NS...]] [--lease-namespace NS] "
            + "[--lease-name NAME] [--identity ID] [--metrics-port PORT]";

    private static final List<String> OPTIONS = List.of("--namespaces", "--lease-namespace", "--lease-name", "--identity",
            "--metrics-port");

    public ControllerSettings {
        namespaces = Set.copyOf(namespaces);
    }

    /**
     * Reads the settings.
     *
     * @param hostName the host's name, asked only when neither {@code --identity}, {@code POD_NAME} nor {@code HOSTNAME} is set
     * @throws InvalidValueException naming the option (and its variable) and what is allowed
     */
    public static ControllerSettings parse(List<String> args, Map<String, String> env, Supplier<String> hostName) {
        Map<String, String> given = options(args);
        Set<String> namespaces = new TreeSet<>();
        for (String ns : value(given, env, "--namespaces", "STEPWISE_NAMESPACES", "").split(",", -1)) {
            if (!ns.isBlank()) {
                namespaces.add(ns.strip());
            }
        }
        String leaseNamespace = value(given, env, "--lease-namespace", "STEPWISE_LEASE_NAMESPACE", env.getOrDefault("POD_NAMESPACE", ""));
        if (leaseNamespace.isBlank()) {
            throw new InvalidValueException("--lease-namespace", "(not set)",
                    "is required: set --lease-namespace, STEPWISE_LEASE_NAMESPACE or (in a pod, from the downward API) POD_NAMESPACE");
        }
        String leaseName = value(given, env, "--lease-name", "STEPWISE_LEASE_NAME", DEFAULT_LEASE_NAME);
        if (leaseName.isBlank()) {
            throw new InvalidValueException("--lease-name", leaseName, "must not be blank");
        }
        String identity = value(given, env, "--identity", "POD_NAME", env.getOrDefault("HOSTNAME", ""));
        if (identity.isBlank()) {
            identity = hostName.get();
        }
        String port = value(given, env, "--metrics-port", "STEPWISE_METRICS_PORT", String.valueOf(DEFAULT_METRICS_PORT));
        return new ControllerSettings(namespaces, leaseNamespace, leaseName, identity, port(port));
    }

    private static Map<String, String> options(List<String> args) {
        Map<String, String> given = new java.util.HashMap<>();
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (!OPTIONS.contains(name)) {
                throw new InvalidValueException("argument", arg, "must be one of " + String.join(", ", OPTIONS));
            }
            if (eq < 0 && rest.isEmpty()) {
                throw new InvalidValueException(name, "(missing)", "needs a value: " + name + " VALUE or " + name + "=VALUE");
            }
            if (given.put(name, eq < 0 ? rest.remove(0) : arg.substring(eq + 1)) != null) {
                throw new InvalidValueException(name, arg, "must be given once");
            }
        }
        return given;
    }

    private static String value(Map<String, String> given, Map<String, String> env, String option, String variable, String fallback) {
        String v = given.get(option);
        if (v == null) {
            v = env.get(variable);
        }
        return v == null ? fallback : v.strip();
    }

    private static int port(String port) {
        try {
            return InvalidValueException.requireBetween("--metrics-port", Integer.parseInt(port), 1, 65535);
        } catch (NumberFormatException e) {
            throw new InvalidValueException("--metrics-port", port, "must be a port number between 1 and 65535 (or STEPWISE_METRICS_PORT)");
        }
    }

    @Override
    public String toString() {
        return "ControllerSettings[namespaces " + (namespaces.isEmpty() ? "all" : namespaces) + ", lease " + leaseNamespace + "/"
                + leaseName + " as " + identity + ", metrics port " + metricsPort + "]";
    }
}
