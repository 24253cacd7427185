package dev.stepwise.operator;

import dev.stepwise.spec.RolloutSpec;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The {@code Rollout} custom resource: a spec document ({@link RolloutSpec}) applied to the
 * cluster, {@code apiVersion: stepwise.dev/v1alpha1}, namespaced, with a {@code status}
 * subresource the controller writes ({@link RolloutStatus}). The names here are the contract
 * between the CRD in {@code deploy/}, the controller and the command line.
 */
public final class RolloutResource {

    /** The API group, {@value}. */
    public static final String GROUP = "stepwise.dev";
    /** The served version, {@value}. */
    public static final String VERSION = "v1alpha1";
    /** {@value}, the same as {@link RolloutSpec#KIND}. */
    public static final String KIND = RolloutSpec.KIND;
    /** The plural of the resource, {@value}. */
    public static final String PLURAL = "rollouts";
    /** The short name {@code kubectl get swro} takes, {@value}. */
    public static final String SHORT_NAME = "swro";
    /** The CRD's name, {@value}. */
    public static final String CRD_NAME = PLURAL + "." + GROUP;
    /** {@value}, the same as {@link RolloutSpec#API_VERSION}. */
    public static final String API_VERSION = GROUP + "/" + VERSION;

    /**
     * The annotation an operator sets to send a command without Java or a state store:
     * {@code kubectl annotate rollout podinfo stepwise.dev/command=promote}; one of
     * {@code pause}, {@code resume}, {@code promote}, {@code abort}, {@code retry}. The controller
     * takes it, hands it to the engine and removes the annotation; one command at a time.
     */
    public static final String COMMAND_ANNOTATION = GROUP + "/command";

    /**
     * The finalizer the controller adds, {@value}: deleting the resource first routes all traffic
     * back to stable and releases the routes, then the controller removes it.
     */
    public static final String FINALIZER = GROUP + "/release-routes";

    /** How fabric8 addresses the resource without a generated class. */
    public static final ResourceDefinitionContext DEFINITION = new ResourceDefinitionContext.Builder()
            .withGroup(GROUP).withVersion(VERSION).withKind(KIND).withPlural(PLURAL).withNamespaced(true).build();

    private RolloutResource() {
    }
}
