package dev.stepwise.mesh.gatewayapi.internal;

import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.mesh.gatewayapi.GatewayRef;
import dev.stepwise.validation.Problems;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/** The checked settings of a {@link dev.stepwise.mesh.gatewayapi.GatewayApiMeshRenderer.Builder}, every problem reported at once. */
public record BuilderSettings(String apiVersion, String httpRouteName, List<GatewayRef> gateways, List<String> hostnames) {

    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /** The CRD's pattern for {@code spec.hostnames[]}: a DNS name, optionally with a leading {@code *.}. */
    private static final Pattern HOSTNAME = Pattern.compile("(\\*\\.)?" + DNS_SUBDOMAIN.pattern());
    private static final int MAX_PARENT_REFS = 32;
    private static final int MAX_HOSTNAMES = 16;

    public BuilderSettings {
        gateways = List.copyOf(gateways);
        hostnames = List.copyOf(hostnames);
    }

    public static BuilderSettings validate(RouteTarget target, String apiVersion, List<String> apiVersions, String httpRouteName,
                                    List<GatewayRef> gateways, List<String> hostnames) {
        Problems problems = new Problems();
        if (!target.hasPort()) {
            problems.add("port", "0 (none) is not allowed: a Gateway API backendRef to a Service must name a port;"
                    + " set it with RouteTarget.builder(...).port(...)");
        }
        if (!apiVersions.contains(apiVersion)) {
            problems.add("apiVersion", "\"" + apiVersion + "\" must be one of " + apiVersions);
        }
        if (httpRouteName.length() > 253 || !DNS_SUBDOMAIN.matcher(httpRouteName).matches()) {
            problems.add("httpRouteName", "\"" + httpRouteName + "\" must be a DNS-1123 subdomain of at most 253 characters");
        }
        if (gateways.size() > MAX_PARENT_REFS || new HashSet<>(gateways).size() != gateways.size()) {
            problems.add("gateways", gateways + " must be at most " + MAX_PARENT_REFS + " different Gateways");
        }
        if (hostnames.size() > MAX_HOSTNAMES || new HashSet<>(hostnames).size() != hostnames.size()) {
            problems.add("hostnames", hostnames + " must be at most " + MAX_HOSTNAMES + " different hostnames");
        }
        for (String hostname : hostnames) {
            if (hostname.length() > 253 || !HOSTNAME.matcher(hostname).matches()) {
                problems.add("hostnames", "\"" + hostname + "\" must be a lower-case DNS name, optionally starting with *.");
            }
        }
        problems.throwIfAny("Gateway API renderer for " + target.namespace() + "/" + target.service());
        return new BuilderSettings(apiVersion, httpRouteName, gateways, hostnames);
    }
}
