package dev.stepwise.operator.crd;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;

/**
 * {@code spec.service}; field names follow Flagger's.
 *
 * @param name          the Service's name, a DNS-1123 label
 * @param port          1..65535
 * @param targetPort    1..65535, or a port name of 1 to 15 characters
 * @param portName      a DNS-1123 label
 * @param hosts         host names
 * @param gateways      {@code [namespace/]name} or {@code mesh}
 * @param meshName      a DNS-1123 label
 * @param parentRefs    Gateways the route attaches to
 * @param trackServices a different Service per track
 */
public record Service(@Pattern(SchemaPatterns.DNS_LABEL) String name, @Required @Min(1) @Max(65535) Integer port,
                      @Min(1) @Max(65535) @Size(min = 1, max = 15) @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") IntOrString targetPort,
                      @Pattern(SchemaPatterns.DNS_LABEL) String portName, List<String> hosts, List<String> gateways,
                      @Pattern(SchemaPatterns.DNS_LABEL) String meshName, List<ParentRef> parentRefs,
                      TrackServices trackServices) {

    /**
     * {@code parentRefs[]}: a Gateway.
     *
     * @param name        a DNS-1123 subdomain
     * @param namespace   a DNS-1123 label
     * @param sectionName a DNS-1123 subdomain
     */
    public record ParentRef(@Required @Size(min = 1, max = 253) @Pattern(SchemaPatterns.DNS_SUBDOMAIN) String name,
                            @Pattern(SchemaPatterns.DNS_LABEL) String namespace,
                            @Pattern(SchemaPatterns.DNS_SUBDOMAIN) String sectionName) {
    }

    /**
     * {@code trackServices}: each a DNS-1123 label.
     *
     * @param stable   the stable track's Service
     * @param canary   the canary's
     * @param baseline the baseline's
     */
    public record TrackServices(@Pattern(SchemaPatterns.DNS_LABEL) String stable,
                                @Pattern(SchemaPatterns.DNS_LABEL) String canary,
                                @Pattern(SchemaPatterns.DNS_LABEL) String baseline) {
    }
}
