package dev.stepwise.mesh.istio;

import static dev.stepwise.traffic.MatchCondition.Operator.EXACT;
import static dev.stepwise.traffic.MatchCondition.Operator.PREFIX;
import static dev.stepwise.traffic.MatchCondition.Operator.REGEX;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.tck.crd.CrdSchemaValidator;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.provider.Arguments;

/** The configuration space the renderer's tests run over, and a user's own Istio resources. */
final class IstioFixtures {

    static final RouteTarget TARGET = RouteTarget.builder("shop", "podinfo").port(9898).build();

    /** Istio's real CRDs, under the shared CRD folder. */
    static final List<String> CRD_FILES = List.of("istio/virtualservices.networking.istio.io.yaml",
            "istio/destinationrules.networking.istio.io.yaml");

    /** A strict check against {@link #CRD_FILES}: an undeclared field, which the API server would drop, is a problem. */
    static final CrdSchemaValidator SCHEMAS = CrdSchemaValidator.forCrds(CRD_FILES);

    /** A VirtualService the user wrote: two routes of theirs around Stepwise's, and fields of every kind. */
    static final String USER_VIRTUAL_SERVICE = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: podinfo
              namespace: shop
              resourceVersion: "4711"
              labels: {team: checkout}
              annotations: {owner: checkout@example.com}
            spec:
              hosts: [podinfo, podinfo.example.com]
              gateways: [istio-system/public, mesh]
              http:
              - name: admin
                match:
                - uri: {prefix: /admin}
                route:
                - destination: {host: podinfo-admin}
              - name: stepwise
                route:
                - destination: {host: podinfo, subset: stable, port: {number: 9898}}
                  weight: 100
                - destination: {host: podinfo, subset: canary, port: {number: 9898}}
                  weight: 0
              - name: fallback
                route:
                - destination: {host: podinfo-legacy}
                timeout: 5s
              tcp:
              - route:
                - destination: {host: podinfo, port: {number: 9000}}
            """;

    /** A DestinationRule the user wrote: a trafficPolicy and a subset of theirs. */
    static final String USER_DESTINATION_RULE = """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: podinfo
              namespace: shop
              resourceVersion: "815"
              labels: {team: checkout}
            spec:
              host: podinfo
              trafficPolicy:
                connectionPool:
                  http: {http1MaxPendingRequests: 10}
              subsets:
              - name: debug
                labels: {version: debug}
            """;

    private IstioFixtures() {
    }

    static List<Manifest> userResources() {
        return List.of(Manifest.parse(USER_DESTINATION_RULE), Manifest.parse(USER_VIRTUAL_SERVICE));
    }

    /** The user's resources in {@code namespace}, before Stepwise routed anything: without its route. */
    static List<Manifest> userResourcesBeforeStepwise(String namespace) {
        String virtualService = USER_VIRTUAL_SERVICE.replaceFirst("(?s)  - name: stepwise\n.*?(?=  - name: fallback)", "");
        return List.of(Manifest.parse(USER_DESTINATION_RULE.replace("namespace: shop", "namespace: " + namespace)),
                Manifest.parse(virtualService.replace("namespace: shop", "namespace: " + namespace)));
    }

    /** Every canary weight 0..100, with and without a baseline, matches and a mirror. */
    static List<Arguments> splits() {
        List<Arguments> splits = new ArrayList<>();
        IntStream.rangeClosed(0, 100).forEach(w -> splits.add(Arguments.of("canary " + w, TrafficSplit.canary(w))));
        IntStream.of(0, 1, 25, 50).forEach(w -> splits.add(
                Arguments.of("canary and baseline " + w, TrafficSplit.canaryWithBaseline(w))));
        splits.add(Arguments.of("stable 0, canary 60, baseline 40", new TrafficSplit(0, 60, 40, List.of(), 0)));
        splits.add(Arguments.of("mirror 1", TrafficSplit.allStable().withMirror(1)));
        splits.add(Arguments.of("mirror 100 while canary 20", TrafficSplit.canary(20).withMirror(100)));
        splits.add(Arguments.of("one header match", TrafficSplit.allStable().withMatches(List.of(
                RouteMatch.toCanary(MatchCondition.header("x-canary", EXACT, "true"))))));
        splits.add(Arguments.of("every operator, header and cookie", TrafficSplit.canaryWithBaseline(10)
                .withMirror(50).withMatches(everyOperator())));
        return splits;
    }

    static List<RouteMatch> everyOperator() {
        return List.of(
                RouteMatch.toCanary(MatchCondition.header("x-user", EXACT, "tester"),
                        MatchCondition.cookie("canary", EXACT, "always")),
                RouteMatch.toCanary(MatchCondition.header("x-region", PREFIX, "eu-"),
                        MatchCondition.cookie("session", PREFIX, "beta.")),
                new RouteMatch(List.of(MatchCondition.header("x-build", REGEX, "b[0-9]+|nightly"),
                        MatchCondition.cookie("group", REGEX, "[ab]{2}")), Track.BASELINE),
                new RouteMatch(List.of(MatchCondition.cookie("odd$name.+", EXACT, "a.b*c(d)[e]{f}|g^h\\i")),
                        Track.STABLE));
    }
}
