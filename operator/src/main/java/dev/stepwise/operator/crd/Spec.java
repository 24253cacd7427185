package dev.stepwise.operator.crd;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.AnyType;

/**
 * {@code spec}: the body of a spec document (see the spec reference), one component per field of
 * {@code RolloutSpecReader.SPEC_FIELDS}.
 *
 * @param target        the workload rolled out
 * @param strategy      exactly one kind of strategy
 * @param analysis      the checks, webhooks and judges
 * @param service       the Service traffic is routed through
 * @param provider      a provider's name or an object with its name and options: open in the
 *                      schema (a string or an object), checked by the validator
 * @param metricsServer the Prometheus-compatible API the checks query
 * @param delivery      where route changes go
 */
public record Spec(@Required Target target, @Required Strategy strategy, Analysis analysis, Service service,
                   @PreserveUnknownFields AnyType provider, MetricsServer metricsServer, Delivery delivery) {

    /**
     * {@code spec.target}.
     *
     * @param kind the workload's kind; only {@code Deployment}
     * @param name the workload's name, a DNS-1123 label
     */
    public record Target(@Pattern("^Deployment$") String kind, @Required @Pattern(SchemaPatterns.DNS_LABEL) String name) {
    }
}
