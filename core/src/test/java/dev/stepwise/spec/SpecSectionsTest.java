package dev.stepwise.spec;

import static dev.stepwise.spec.RolloutSpecValidationTest.invalid;
import static dev.stepwise.spec.RolloutSpecValidationTest.problems;
import static dev.stepwise.spec.SpecTexts.withSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.strategy.RollingStrategy;
import dev.stepwise.traffic.Track;
import dev.stepwise.validation.InvalidConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The sections saying how a rollout reaches the world (service, provider, metricsServer, delivery)")
class SpecSectionsTest {

    private static final String CANARY = "strategy: {canary: {}}\n";

    static RolloutSpec parse(String sections) {
        return RolloutSpec.parseYaml(withSpec(CANARY + sections));
    }

    @Nested
    @DisplayName("when declared")
    class Declared {

        @Test
        @DisplayName("a service with only its port takes Flagger's defaults: the target's name, -primary and -canary")
        void serviceDefaults() {
            ServiceSpec service = parse("service: {port: 9898}").service().orElseThrow();

            assertThat(service).isEqualTo(ServiceSpec.of("podinfo", 9898));
            assertThat(service.targetPort()).isEqualTo(new ServiceSpec.TargetPort.Number(9898));
            assertThat(service.portName()).isEqualTo("http");
            assertThat(service.meshName()).isEqualTo("default");
            assertThat(service.serviceOf(Track.STABLE)).isEqualTo("podinfo-primary");
            assertThat(service.serviceOf(Track.CANARY)).isEqualTo("podinfo-canary");
            assertThat(service.serviceOf(Track.BASELINE)).isEqualTo("podinfo-baseline");
        }

        @Test
        @DisplayName("a service name renames the track Services, unless they are named themselves")
        void serviceNames() {
            ServiceSpec service = parse("service: {name: web, port: 80, targetPort: http,"
                    + " trackServices: {canary: web-next}}").service().orElseThrow();

            assertThat(service.trackServices()).isEqualTo(Map.of(Track.STABLE, "web-primary", Track.CANARY, "web-next",
                    Track.BASELINE, "web-baseline"));
            assertThat(service.targetPort()).isEqualTo(new ServiceSpec.TargetPort.Named("http"));
        }

        @Test
        @DisplayName("a provider is a name for its defaults, or an object with its options")
        void providers() {
            assertThat(parse("provider: istio").provider()).contains(new ProviderSpec.Istio(ProviderSpec.Istio.V1));
            assertThat(parse("provider: kuma-v3\nservice: {port: 80}").provider()).contains(new ProviderSpec.Kuma(
                    ProviderSpec.Kuma.Api.MESH_HTTP_ROUTE_V3, ProviderSpec.Kuma.Addressing.SERVICES));
            assertThat(parse("provider: {name: kuma, trackAddressing: services}\nservice: {port: 80}").provider())
                    .contains(new ProviderSpec.Kuma(ProviderSpec.Kuma.Api.MESH_HTTP_ROUTE,
                            ProviderSpec.Kuma.Addressing.SERVICES));
            assertThat(parse("provider: {name: gateway-api, apiVersion: gateway.networking.k8s.io/v1beta1}\n"
                    + "service: {port: 80}").provider()).contains(new ProviderSpec.GatewayApi(ProviderSpec.GatewayApi.V1BETA1));
        }

        @Test
        @DisplayName("a metrics server's credentials are references to a Secret key or an environment variable")
        void metricsServer() {
            MetricsServerSpec server = parse("metricsServer: {address: 'https://mimir.test/prometheus', timeout: 30s,"
                    + " basicAuth: {username: stepwise, password: {secretKeyRef: {name: mimir, key: password}}}}")
                    .metricsServer().orElseThrow();

            assertThat(server.address()).isEqualTo(URI.create("https://mimir.test/prometheus"));
            assertThat(server.timeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(server.credentials()).isEqualTo(new MetricsServerSpec.Credentials.BasicAuth("stepwise",
                    new SecretRef.SecretKey("mimir", "password")));
            assertThat(parse("metricsServer: {address: 'http://prometheus:9090', bearerToken: {env: PROM_TOKEN}}")
                    .metricsServer().orElseThrow().credentials())
                    .isEqualTo(new MetricsServerSpec.Credentials.BearerToken(new SecretRef.EnvVar("PROM_TOKEN")));
        }

        @Test
        @DisplayName("delivery is the cluster unless declared; git takes a repository, branch, path and mode")
        void delivery() {
            assertThat(parse("").delivery()).isEqualTo(DeliverySpec.cluster());
            assertThat(parse("delivery: {git: {repository: 'git@github.com:example/fleet.git', branch: main,"
                    + " path: clusters/prod, mode: pullRequest}}").delivery())
                    .isEqualTo(new DeliverySpec.Git("git@github.com:example/fleet.git", "main", "clusters/prod",
                            DeliverySpec.GitMode.PULL_REQUEST));
        }

    }

    static Stream<Arguments> invalidSections() {
        return Stream.of(
                invalid("a port out of range", withSpec(CANARY + "service: {port: 0}"),
                        "spec.service.port: expected a whole number between 1 and 65535, got integer 0"),
                invalid("a service without its port", withSpec(CANARY + "service: {name: web}"),
                        "spec.service.port: is required"),
                invalid("a target port that is neither number nor name", withSpec(CANARY + "service: {port: 80, targetPort: HTTP_1}"),
                        "spec.service.targetPort: \"HTTP_1\" must be a port number 1 to 65535 or a port name: 1 to 15"
                                + " lower-case letters, digits and '-', with at least one letter"),
                invalid("a host that is not a host name", withSpec(CANARY + "service: {port: 80, hosts: [ok.test, 'bad host']}"),
                        "spec.service.hosts[1]: \"bad host\" must be a host name such as podinfo.example.com,"
                                + " *.example.com or *"),
                invalid("the same Service for two tracks", withSpec(CANARY
                                + "service: {port: 80, trackServices: {stable: web, canary: web}}"),
                        "spec.service.trackServices: must name a different Service for each track"),
                invalid("a parentRef without a name", withSpec(CANARY + "service: {port: 80, parentRefs: [{namespace: gw}]}"),
                        "spec.service.parentRefs[0].name: is required"),
                invalid("Flagger's gatewayRefs", withSpec(CANARY + "service: {port: 80, gatewayRefs: []}"),
                        "spec.service.gatewayRefs: unknown field; known fields: name, port, targetPort, portName, hosts,"
                                + " gateways, meshName, parentRefs, trackServices; the Gateway API field is parentRefs"),
                invalid("an unknown provider", withSpec(CANARY + "provider: linkerd"),
                        "spec.provider: expected one of istio, kuma, kuma-v3, kuma-legacy, gateway-api, got string \"linkerd\""),
                invalid("an option of another provider", withSpec(CANARY + "provider: {name: istio, trackAddressing: services}"),
                        "spec.provider.trackAddressing: unknown field; known fields: name, apiVersion;"
                                + " provider istio has no trackAddressing"),
                invalid("an Istio API version Stepwise does not write", withSpec(CANARY
                                + "provider: {name: istio, apiVersion: networking.istio.io/v1alpha3}"),
                        "spec.provider.apiVersion: \"networking.istio.io/v1alpha3\" must be one of"
                                + " networking.istio.io/v1, networking.istio.io/v1beta1"),
                invalid("subsets on Kuma 3.0", withSpec(CANARY + "provider: {name: kuma-v3, trackAddressing: subsets}"),
                        "spec.provider.trackAddressing: subsets is not possible on kuma-v3, which addresses tracks by"
                                + " services only"),
                invalid("a provider that needs a port, without a service", withSpec(CANARY + "provider: gateway-api"),
                        "spec.service: is required by provider gateway-api, which routes to a port: set service.port"),
                invalid("Istio gateways with Gateway API", withSpec(CANARY
                                + "provider: gateway-api\nservice: {port: 80, gateways: [public/gw]}"),
                        "spec.service.gateways: is used by istio (for gateway-api, use parentRefs) only; provider"
                                + " gateway-api would ignore it, so leave it out"),
                invalid("a Kuma mesh with Istio", withSpec(CANARY + "provider: istio\nservice: {port: 80, meshName: other}"),
                        "spec.service.meshName: is used by kuma, kuma-v3 and kuma-legacy only; provider istio would"
                                + " ignore it, so leave it out"),
                invalid("a metrics server address with user info", withSpec(CANARY
                                + "metricsServer: {address: 'https://admin:hunter2@prom.test'}"),
                        "spec.metricsServer.address: https://***@prom.test must not contain user info; reference the"
                                + " credentials with bearerToken or basicAuth: {secretKeyRef: {name: SECRET, key: KEY}}"
                                + " or {env: VARIABLE}"),
                invalid("a metrics server address with a token in its query", withSpec(CANARY
                                + "metricsServer: {address: 'https://prom.test/?access_token=hunter2'}"),
                        "spec.metricsServer.address: https://prom.test/?access_token=*** must not carry a credential"
                                + " in its query; reference it with bearerToken: {secretKeyRef: {name: SECRET, key: KEY}}"
                                + " or {env: VARIABLE}"),
                invalid("a metrics server that is not http", withSpec(CANARY + "metricsServer: {address: 'ftp://prom.test'}"),
                        "spec.metricsServer.address: ftp://prom.test must be an absolute http or https URL,"
                                + " e.g. http://prometheus.monitoring:9090"),
                invalid("a metrics server timeout out of range", withSpec(CANARY
                                + "metricsServer: {address: 'http://prom.test', timeout: 1h}"),
                        "spec.metricsServer.timeout: 1h must be between 10ms and 10m"),
                invalid("a literal bearer token", withSpec(CANARY
                                + "metricsServer: {address: 'http://prom.test', bearerToken: hunter2}"),
                        "spec.metricsServer.bearerToken: a secret is never written in a spec (it is kept in Git and"
                                + " printed); reference it: {secretKeyRef: {name: SECRET, key: KEY}} or {env: VARIABLE}"),
                invalid("a literal password", withSpec(CANARY
                                + "metricsServer: {address: 'http://prom.test', basicAuth: {username: u, password: hunter2}}"),
                        "spec.metricsServer.basicAuth.password: a secret is never written in a spec (it is kept in Git"
                                + " and printed); reference it: {secretKeyRef: {name: SECRET, key: KEY}} or {env: VARIABLE}"),
                invalid("a field named like a secret", withSpec(CANARY
                                + "metricsServer: {address: 'http://prom.test', token: hunter2}"),
                        "spec.metricsServer.token: unknown field; known fields: address, timeout, bearerToken, basicAuth;"
                                + " a secret is never written in a spec (it is kept in Git and printed); reference it:"
                                + " {secretKeyRef: {name: SECRET, key: KEY}} or {env: VARIABLE} under bearerToken"),
                invalid("an environment variable that cannot be one", withSpec(CANARY
                                + "metricsServer: {address: 'http://prom.test', bearerToken: {env: 1TOKEN}}"),
                        "spec.metricsServer.bearerToken.env: must be an environment variable's name: a letter or '_',"
                                + " then letters, digits or '_'"),
                invalid("both cluster and git delivery", withSpec(CANARY + "delivery: {cluster: {}, git: {repository: 'https://g.test/r.git'}}"),
                        "spec.delivery: cluster and git are both set; declare exactly one of cluster, git"),
                invalid("a Git repository with a token", withSpec(CANARY
                                + "delivery: {git: {repository: 'https://x-access-token:hunter2@github.com/e/f.git'}}"),
                        "spec.delivery.git.repository: https://***@github.com/e/f.git must not contain user info (a"
                                + " token or a password); the Git credentials are given to the process running the rollout"),
                invalid("a Git path leaving the repository", withSpec(CANARY
                                + "delivery: {git: {repository: 'https://github.com/e/f.git', path: ../etc}}"),
                        "spec.delivery.git.path: \"../etc\" must be a relative '/'-separated folder without . or .."
                                + " segments; empty for the repository's root"),
                invalid("a Git mode that does not exist", withSpec(CANARY
                                + "delivery: {git: {repository: 'https://github.com/e/f.git', mode: merge}}"),
                        "spec.delivery.git.mode: expected one of push, pullRequest, got string \"merge\""),
                invalid("a DaemonSet, even with the rolling strategy", SpecTexts.HEADER
                                + "spec:\n  target: {kind: DaemonSet, name: agent}\n  strategy: {rolling: {}}\n",
                        "spec.target.kind: \"DaemonSet\" is not supported: Stepwise has no DaemonSet workload yet (it would need a second DaemonSet beside the target, as Flagger runs); use Deployment"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSections")
    @DisplayName("are refused with exactly these problems, each with its path and what is allowed")
    void refused(String name, String yaml, List<String> expected) {
        assertThat(problems(yaml)).containsExactlyElementsOf(expected);
    }

    @Test
    @DisplayName("never echo a secret written where a reference belongs")
    void neverEchoSecrets() {
        String yaml = withSpec(CANARY + "metricsServer: {address: 'https://u:hunter2@prom.test/?token=hunter2',"
                + " bearerToken: [hunter2], basicAuth: {username: u, password: hunter2}}\n"
                + "delivery: {git: {repository: 'https://u:hunter2@g.test/r.git', token: hunter2}}");

        assertThat(String.join("\n", problems(yaml))).doesNotContain("hunter2");
    }

    @Test
    @DisplayName("in Java refuse a DaemonSet target, as the spec does")
    void javaDaemonSet() {
        assertThatThrownBy(() -> new RolloutSpec.Target(RolloutSpec.Target.DAEMON_SET, "agent"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("kind: \"DaemonSet\" is not supported: Stepwise has no DaemonSet workload yet");
    }

    @Test
    @DisplayName("are written back and read to an equal spec, every setting included")
    void roundTrip() {
        RolloutSpec spec = RolloutSpec.of(RolloutSpec.Metadata.of("podinfo", "test"),
                        RolloutSpec.Target.deployment("podinfo"), CanaryStrategy.builder().build())
                .withService(new ServiceSpec("web", 80, new ServiceSpec.TargetPort.Named("http"), "web",
                        List.of("web.example.com"), List.of(), "default",
                        List.of(new ServiceSpec.ParentRef("public", "gateways", "https"), ServiceSpec.ParentRef.of("internal")),
                        Map.of(Track.STABLE, "web-stable", Track.CANARY, "web-canary", Track.BASELINE, "web-base")))
                .withProvider(new ProviderSpec.GatewayApi(ProviderSpec.GatewayApi.V1BETA1))
                .withMetricsServer(MetricsServerSpec.of(URI.create("https://mimir.test/prometheus?tenant=a"))
                        .withCredentials(new MetricsServerSpec.Credentials.BasicAuth("stepwise",
                                new SecretRef.SecretKey("mimir", "password"))))
                .withDelivery(new DeliverySpec.Git("ssh://git@github.com/e/fleet.git", "main", "clusters/prod",
                        DeliverySpec.GitMode.PULL_REQUEST));

        assertThat(RolloutSpec.parseYaml(spec.toYaml())).isEqualTo(spec);
        assertThat(RolloutSpec.parseJson(spec.toJson())).isEqualTo(spec);
        assertThat(RolloutSpec.parseYaml(spec.toYaml()).toYaml()).isEqualTo(spec.toYaml());

        RolloutSpec kuma = RolloutSpec.of(RolloutSpec.Metadata.of("agent"), RolloutSpec.Target.deployment("agent"),
                        RollingStrategy.builder().build())
                .withService(ServiceSpec.of("agent", 8080))
                .withProvider(ProviderSpec.of("kuma-legacy"))
                .withMetricsServer(MetricsServerSpec.of(URI.create("http://prometheus:9090"))
                        .withCredentials(new MetricsServerSpec.Credentials.BearerToken(new SecretRef.EnvVar("TOKEN"))));
        assertThat(RolloutSpec.parseYaml(kuma.toYaml())).isEqualTo(kuma);
    }
}
