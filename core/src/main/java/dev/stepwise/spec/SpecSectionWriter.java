package dev.stepwise.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.time.Durations;
import dev.stepwise.traffic.Track;

/**
 * Writes the sections of a spec that say how the rollout reaches the world ({@code service},
 * {@code provider}, {@code metricsServer}, {@code delivery}) in the shape their readers read, every
 * setting explicit except empty optional names (a branch, a path, a namespace).
 */
final class SpecSectionWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SpecSectionWriter() {
    }

    static void write(RolloutSpec spec, ObjectNode body) {
        spec.service().ifPresent(service -> body.set("service", service(service)));
        spec.provider().ifPresent(provider -> body.set("provider", provider(provider)));
        spec.metricsServer().ifPresent(server -> body.set("metricsServer", metricsServer(server)));
        body.set("delivery", delivery(spec.delivery()));
    }

    private static ObjectNode service(ServiceSpec service) {
        ObjectNode node = NODES.objectNode().put("name", service.name()).put("port", service.port());
        if (service.targetPort() instanceof ServiceSpec.TargetPort.Named) {
            node.put("targetPort", ((ServiceSpec.TargetPort.Named) service.targetPort()).name());
        } else {
            node.put("targetPort", ((ServiceSpec.TargetPort.Number) service.targetPort()).number());
        }
        node.put("portName", service.portName());
        ArrayNode hosts = node.putArray("hosts");
        service.hosts().forEach(hosts::add);
        ArrayNode gateways = node.putArray("gateways");
        service.gateways().forEach(gateways::add);
        node.put("meshName", service.meshName());
        ArrayNode parentRefs = node.putArray("parentRefs");
        for (ServiceSpec.ParentRef ref : service.parentRefs()) {
            ObjectNode refNode = parentRefs.addObject().put("name", ref.name());
            if (!ref.namespace().isEmpty()) {
                refNode.put("namespace", ref.namespace());
            }
            if (!ref.sectionName().isEmpty()) {
                refNode.put("sectionName", ref.sectionName());
            }
        }
        ObjectNode tracks = node.putObject("trackServices");
        for (Track track : Track.values()) {
            tracks.put(track.label(), service.serviceOf(track));
        }
        return node;
    }

    private static ObjectNode provider(ProviderSpec provider) {
        ObjectNode node = NODES.objectNode().put("name", provider.name());
        if (provider instanceof ProviderSpec.Istio) {
            node.put("apiVersion", ((ProviderSpec.Istio) provider).apiVersion());
        } else if (provider instanceof ProviderSpec.GatewayApi) {
            node.put("apiVersion", ((ProviderSpec.GatewayApi) provider).apiVersion());
        } else {
            node.put("trackAddressing", ((ProviderSpec.Kuma) provider).trackAddressing().label());
        }
        return node;
    }

    private static ObjectNode metricsServer(MetricsServerSpec server) {
        ObjectNode node = NODES.objectNode()
                .put("address", server.address().toString())
                .put("timeout", Durations.format(server.timeout()));
        MetricsServerSpec.Credentials credentials = server.credentials();
        if (credentials instanceof MetricsServerSpec.Credentials.BearerToken) {
            node.set("bearerToken", reference(((MetricsServerSpec.Credentials.BearerToken) credentials).token()));
        } else if (credentials instanceof MetricsServerSpec.Credentials.BasicAuth) {
            MetricsServerSpec.Credentials.BasicAuth basic = (MetricsServerSpec.Credentials.BasicAuth) credentials;
            node.putObject("basicAuth").put("username", basic.username()).set("password", reference(basic.password()));
        }
        return node;
    }

    private static ObjectNode reference(SecretRef ref) {
        ObjectNode node = NODES.objectNode();
        if (ref instanceof SecretRef.EnvVar) {
            return node.put("env", ((SecretRef.EnvVar) ref).name());
        }
        SecretRef.SecretKey key = (SecretRef.SecretKey) ref;
        node.putObject("secretKeyRef").put("name", key.name()).put("key", key.key());
        return node;
    }

    private static ObjectNode delivery(DeliverySpec delivery) {
        ObjectNode node = NODES.objectNode();
        if (delivery instanceof DeliverySpec.Git) {
            DeliverySpec.Git git = (DeliverySpec.Git) delivery;
            ObjectNode gitNode = node.putObject("git").put("repository", git.repository());
            if (!git.branch().isEmpty()) {
                gitNode.put("branch", git.branch());
            }
            if (!git.path().isEmpty()) {
                gitNode.put("path", git.path());
            }
            gitNode.put("mode", git.mode().label());
        } else {
            node.putObject("cluster");
        }
        return node;
    }
}
