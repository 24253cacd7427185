package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Webhook;
import dev.stepwise.cli.Evidence.Source;
import dev.stepwise.engine.InMemoryStateStore;
import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.git.jgit.GitCredentials;
import dev.stepwise.git.jgit.GitManifestSink;
import dev.stepwise.git.jgit.JGitBackend;
import dev.stepwise.gitops.GitBackend.CommitInfo;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.mesh.istio.IstioMeshRenderer;
import dev.stepwise.metrics.prometheus.PrometheusConfig;
import dev.stepwise.metrics.prometheus.PrometheusMetricSource;
import dev.stepwise.rollout.HookType;
import dev.stepwise.spi.MetricQuery;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.VirtualScheduler;
import dev.stepwise.traffic.Track;
import dev.stepwise.webhook.HttpWebhookClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants a distinctive secret in every credential field and URL Stepwise accepts, runs full flows
 * (failing ones included) and scans everything they produce: every log line at every level, every
 * event, every exception message and its causes', {@code toString}s, the timeline, the CLI's output
 * and every commit message. No planted secret, nor its URL-encoded or base64 form, may appear.
 */
@DisplayName("No planted secret appears in any log line, event, message, toString, output or commit")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsLeakTest {

    private static final Evidence EVIDENCE = new Evidence();
    private static EchoServer echo;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startEcho() throws Exception {
        echo = EchoServer.start();
    }

    @AfterAll
    static void stopEcho() {
        echo.close();
    }

    @Test
    @Order(1)
    @DisplayName("Git: a token in the URL's user part, a token and a password in the credentials, an unreachable remote")
    void git() {
        String inUrl = EVIDENCE.plant("git URL user info");
        attempt(Source.EXCEPTION, () -> backend(echo.url() + "/repo.git", inUrl, GitCredentials.none()));
        String token = EVIDENCE.plant("git token");
        attempt(Source.EXCEPTION, () -> backendWith(echo.url() + "/auth/repo.git", GitCredentials.token(token), "token"));
        String password = EVIDENCE.plant("git password");
        attempt(Source.EXCEPTION, () -> backendWith(echo.url() + "/auth/repo.git",
                GitCredentials.basic("stepwise-bot", password), "basic"));
        String unreachable = EVIDENCE.plant("git token, unreachable remote");
        attempt(Source.EXCEPTION, () -> backendWith("http://127.0.0.1:1/repo.git", GitCredentials.token(unreachable), "down"));
        EVIDENCE.add(Source.TO_STRING, GitCredentials.token(token).toString());
        EVIDENCE.add(Source.TO_STRING, GitCredentials.basic("stepwise-bot", password).toString());
    }

    private String backend(String base, String userInfo, GitCredentials credentials) {
        String url = base.replace("http://", "http://" + userInfo + "@");
        try (JGitBackend backend = JGitBackend.builder(url, dir.resolve("git-userinfo")).credentials(credentials)
                .timeout(Duration.ofSeconds(5)).build()) {
            EVIDENCE.add(Source.TO_STRING, backend.toString());
            backend.sync();
            return backend.toString();
        }
    }

    private String backendWith(String url, GitCredentials credentials, String name) {
        try (JGitBackend backend = JGitBackend.builder(url, dir.resolve("git-" + name)).credentials(credentials)
                .timeout(Duration.ofSeconds(5)).build()) {
            EVIDENCE.add(Source.TO_STRING, backend.toString());
            backend.sync();
            return backend.toString();
        }
    }

    @Test
    @Order(2)
    @DisplayName("Prometheus: an invalid base URL with a password, a bearer token, basic auth and a header, answered 401 and 500")
    void prometheus() {
        String inUrl = EVIDENCE.plant("prometheus URL password");
        for (String url : new String[] {"http://prom:" + inUrl + "@prome theus:9090", "prometheus:" + inUrl + "@host",
                "ftp://prom:" + inUrl + "@prometheus:9090", "https://prom:" + inUrl + "@prometheus:9090"}) {
            attempt(Source.EXCEPTION, () -> PrometheusConfig.builder().baseUrl(url).build().toString());
            PrometheusConfig keyed = key -> key.equals("prometheus.baseUrl") ? url : null;
            keyed.validate().forEach(problem -> EVIDENCE.add(Source.MESSAGE, problem.toString()));
        }
        String bearer = EVIDENCE.plant("prometheus bearer token");
        String header = EVIDENCE.plant("prometheus header value");
        query(PrometheusConfig.builder().baseUrl(echo.url()).bearerToken(bearer).header("X-Scope-OrgID", header).build());
        query(PrometheusConfig.builder().baseUrl(echo.url() + "/auth").bearerToken(bearer).build());
        String password = EVIDENCE.plant("prometheus basic-auth password");
        query(PrometheusConfig.builder().baseUrl(echo.url()).basicAuth("prom-user", password).build());
        query(PrometheusConfig.builder().baseUrl("http://127.0.0.1:1").basicAuth("prom-user", password).build());
    }

    private void query(PrometheusConfig config) {
        EVIDENCE.add(Source.TO_STRING, config.toString());
        PrometheusMetricSource source = PrometheusMetricSource.builder(config).build();
        EVIDENCE.add(Source.TO_STRING, source.toString());
        MetricQuery query = new MetricQuery(MetricCheck.REQUEST_SUCCESS_RATE, "", Track.CANARY, Duration.ofMinutes(1),
                Map.of("namespace", "test", "target", "podinfo"));
        EVIDENCE.add(Source.MESSAGE, source.query(query).toString());
    }

    @Test
    @Order(3)
    @DisplayName("Webhooks: user info and a token in the URL, a token in the metadata, answered 500 and 401")
    void webhooks() {
        String user = EVIDENCE.plant("webhook URL password");
        String query = EVIDENCE.plant("webhook URL token");
        String metadata = EVIDENCE.plant("webhook metadata token");
        for (String url : new String[] {
            echo.url().replace("http://", "http://hook:" + user + "@") + "/hook?token=" + query,
            echo.url() + "/hook?token=" + query + "&access_token=" + query,
            echo.url() + "/auth/hook?stage=canary&sig=" + query,
        }) {
            attempt(Source.EXCEPTION, () -> {
                Webhook hook = new Webhook("load-test", HookType.ROLLOUT, URI.create(url), Duration.ofSeconds(5),
                        Map.of("token", metadata));
                EVIDENCE.add(Source.TO_STRING, hook.toString());
                return HttpWebhookClient.shared().call(hook, Map.of("name", "podinfo")).toString();
            });
        }
        EVIDENCE.add(Source.TO_STRING, HttpWebhookClient.shared().toString());
    }

    @Test
    @Order(4)
    @DisplayName("A GitOps rollout whose metrics and webhook fail, every event, the status and every commit")
    void gitOpsRollout() throws Exception {
        String bearer = EVIDENCE.plant("rollout prometheus bearer token");
        String hookToken = EVIDENCE.plant("rollout webhook token");
        String metadata = EVIDENCE.plant("rollout webhook metadata");
        Path remote = dir.resolve("gitops.git");
        Git.init().setBare(true).setDirectory(remote.toFile()).setInitialBranch("main").call().close();
        VirtualScheduler scheduler = VirtualScheduler.startingAt(Instant.parse("2026-03-01T12:00:00Z"));
        try (JGitBackend git = JGitBackend.builder(remote.toUri().toString(), dir.resolve("gitops-clone"))
                .clock(scheduler.clock()).build()) {
            MeshTrafficRouter router = MeshTrafficRouter.of(IstioMeshRenderer.of(RouteTarget.builder("test", "podinfo").build()),
                    GitManifestSink.builder(git).baseDir("apps").build(), MeshTrafficRouter.DEFAULT_CONFLICT_ATTEMPTS,
                    scheduler.clock());
            InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
            workload.deploy("v2");
            RolloutEngine engine = RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler)
                    .stateStore(new InMemoryStateStore()).listener(event -> EVIDENCE.add(Source.EVENT, event.toString())).build();
            Webhook hook = new Webhook("load-test", HookType.ROLLOUT, URI.create(echo.url() + "/hook?token=" + hookToken),
                    Duration.ofSeconds(5), Map.of("token", metadata));
            RolloutDefinition definition = RolloutDefinition.builder("test", "podinfo").router(router).workload(workload)
                    .strategy(CanaryStrategy.builder().stepWeight(10).maxWeight(50).analysis(AnalysisPolicy.builder()
                            .interval(Duration.ofMinutes(1)).threshold(2).webhook(hook)
                            .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99)))
                            .build()).build())
                    .metrics(PrometheusMetricSource.builder(PrometheusConfig.builder().baseUrl(echo.url())
                            .bearerToken(bearer).build()).clock(scheduler.clock()).build())
                    .webhooks(HttpWebhookClient.shared()).build();
            EVIDENCE.add(Source.TO_STRING, definition.toString());
            String id = engine.register(definition);
            for (int minute = 0; minute < 20; minute++) {
                scheduler.advance(Duration.ofMinutes(1));
            }
            StoredRollout end = engine.status(id).orElseThrow();
            EVIDENCE.add(Source.TO_STRING, end.toString());
            EVIDENCE.add(Source.TO_STRING, engine.toString());
            engine.close();
            for (CommitInfo commit : git.log("", 200)) {
                EVIDENCE.add(Source.COMMIT, commit.message() + "\n" + commit.trailers());
            }
            assertThat(end.state().phase().isTerminal()).as("the failing rollout ended: %s", end.state()).isTrue();
        }
    }

    @Test
    @Order(5)
    @DisplayName("The CLI: validate and plan of specs with webhook URLs holding user info and tokens")
    void cli() throws Exception {
        String user = EVIDENCE.plant("spec webhook URL password");
        String token = EVIDENCE.plant("spec webhook URL token");
        String metadata = EVIDENCE.plant("spec webhook metadata");
        String valid = spec("http://flagger-loadtester.test/?token=" + token, metadata);
        String userInfo = spec("http://hook:" + user + "@flagger-loadtester.test/?token=" + token, metadata);
        String invalid = spec("http://hook:" + user + "@flagger loadtester/?token=" + token, metadata);
        String invalidPort = spec("http://hook:" + user + "@loadtester:port/?api_key=" + token, metadata);
        int i = 0;
        for (String text : new String[] {valid, userInfo, invalid, invalidPort}) {
            Path file = Files.writeString(dir.resolve("spec-" + i++ + ".yaml"), text);
            EVIDENCE.cli(new Object[] {"validate", file});
            EVIDENCE.cli(new Object[] {"plan", file});
            EVIDENCE.cli(new Object[] {"plan", file, "--format", "json"});
            EVIDENCE.cli(new Object[] {"plan", file, "--scenario", "failing"});
        }
    }

    private static String spec(String url, String metadata) {
        return """
                apiVersion: stepwise.dev/v1alpha1
                kind: Rollout
                metadata: {name: podinfo, namespace: test}
                spec:
                  target: {name: podinfo}
                  strategy:
                    canary: {stepWeight: 20, maxWeight: 40}
                  analysis:
                    interval: 1m
                    threshold: 2
                    metrics:
                      - name: request-success-rate
                        thresholdRange: {min: 99}
                    webhooks:
                      - name: load-test
                        type: rollout
                        url: "%s"
                        metadata: {token: "%s"}
                """.formatted(url, metadata);
    }

    @Test
    @Order(6)
    @DisplayName("The CLI's operator commands: a token and a password from environment variables, user info in --git")
    void operatorCommands() throws Exception {
        String token = EVIDENCE.plant("operator command token variable");
        String password = EVIDENCE.plant("operator command password variable");
        String inUrl = EVIDENCE.plant("operator command --git user info");
        Terminal terminal = new Terminal(false, Map.of("STEPWISE_GIT_TOKEN", token, "STEPWISE_GIT_PASSWORD", password));
        for (String command : new String[] {"status", "promote", "retry"}) {
            EVIDENCE.cli(terminal, new Object[] {command, "podinfo", "-n", "test", "--git", echo.url() + "/auth/repo.git",
                "--git-token-env", "STEPWISE_GIT_TOKEN", "--git-dir", dir.resolve("cli-token-" + command)});
            EVIDENCE.cli(terminal, new Object[] {command, "podinfo", "--git", echo.url() + "/auth/repo.git",
                "--git-username", "stepwise-bot", "--git-password-env", "STEPWISE_GIT_PASSWORD"});
            EVIDENCE.cli(terminal, new Object[] {command, "podinfo", "--git", "http://127.0.0.1:1/repo.git",
                "--git-token-env", "STEPWISE_GIT_TOKEN"});
            EVIDENCE.cli(terminal, new Object[] {command, "podinfo", "--git",
                echo.url().replace("http://", "http://bot:" + inUrl + "@") + "/repo.git"});
            EVIDENCE.cli(terminal, new Object[] {command, "podinfo", "--git",
                "file:///" + inUrl + "@nowhere/repo.git", "--git-token-env", "STEPWISE_GIT_TOKEN"});
        }
    }

    @Test
    @Order(7)
    @DisplayName("nothing captured holds a planted secret, in any form")
    void nothingLeaks() {
        assertThat(CapturingLogProvider.active()).as("every log line is captured at TRACE").isTrue();
        EVIDENCE.addLogLines(CapturingLogProvider.lines());
        System.out.println(EVIDENCE.figures());
        assertThat(EVIDENCE.count(Source.LOG)).isPositive();
        assertThat(EVIDENCE.count(Source.EVENT)).isPositive();
        assertThat(EVIDENCE.count(Source.COMMIT)).isPositive();
        assertThat(EVIDENCE.leaks()).as("where planted secrets were found").isEmpty();
    }

    private static void attempt(Source source, Supplier<String> flow) {
        try {
            EVIDENCE.add(Source.TO_STRING, flow.get());
        } catch (RuntimeException e) {
            EVIDENCE.addThrowable(source, e);
        }
    }
}
