package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.rollout.Phase;
import io.fabric8.kubernetes.api.model.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code stepwise run} end to end, on the wall clock: a spec file alone, the fabric8 mock API
 * server (CRUD mode, the meshes' real CRDs) reached through a kubeconfig, and a real Prometheus
 * scraping the request counters {@link RequestCounters} serves every second. Analyses every
 * second over 3-second windows keep each rollout to a few seconds. Operator commands come from
 * second CLI invocations on the same ConfigMap store; Ctrl-C is the hook {@code run} registers,
 * called by the test (no signal is sent to the build's JVM).
 */
@DisplayName("stepwise run: a spec file driven to its end on a cluster, judged by a real Prometheus")
class RunEndToEndTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    static ScrapingPrometheus prometheus;

    @TempDir
    Path dir;
    RunCluster cluster;
    final ExecutorService background = Executors.newSingleThreadExecutor();
    final AtomicReference<Runnable> ctrlC = new AtomicReference<>();

    @BeforeAll
    static void metrics() {
        prometheus = RunMetrics.get().prometheus;
    }

    @BeforeEach
    void startCluster() throws IOException {
        cluster = new RunCluster(dir);
    }

    @AfterEach
    void stopCluster() throws InterruptedException {
        background.shutdownNow();
        background.awaitTermination(10, TimeUnit.SECONDS);
        cluster.close();
    }

    /** A canary of {@code name} on {@code provider}: {@code stepWeight}% a step up to 50%, success rate at least 99%. */
    Path spec(String name, String provider, int stepWeight, int threshold) throws IOException {
        return Files.writeString(dir.resolve(name + "-" + provider + ".yaml"), """
                apiVersion: stepwise.dev/v1alpha1
                kind: Rollout
                metadata: {name: %s, namespace: test}
                spec:
                  target: {name: %s}
                  strategy:
                    canary: {stepWeight: %d, maxWeight: 50}
                  service: {port: 9898}
                  provider: %s
                  metricsServer: {address: "%s", timeout: 2s}
                  analysis:
                    interval: 1s
                    threshold: %d
                    noData: {holdIntervals: 5}
                    metrics:
                      - name: request-success-rate
                        thresholdRange: {min: 99}
                        interval: 3s
                """.formatted(name, name, stepWeight, provider, prometheus.baseUrl(), threshold));
    }

    CliRun cli(Object... args) {
        Object[] all = new Object[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--kubeconfig";
        all[args.length + 1] = cluster.kubeconfig;
        return CliRun.with(Terminal.script(), WatchPace.REAL, action -> {
            ctrlC.set(action);
            return () -> ctrlC.set(null);
        }, all);
    }

    Future<CliRun> runInBackground(Object... args) {
        return background.submit(() -> cli(args));
    }

    static CliRun done(Future<CliRun> run) throws Exception {
        return run.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "provider {0}")
    @CsvSource({"istio, networking.istio.io/v1, VirtualService",
            "kuma, kuma.io/v1alpha1, MeshHTTPRoute",
            "gateway-api, gateway.networking.k8s.io/v1, HTTPRoute"})
    @DisplayName("a healthy canary runs to Succeeded: exit 0, the new image promoted, the route valid against the mesh's CRD")
    void healthyCanary(String provider, String apiVersion, String kind) throws Exception {
        cluster.deploy("podinfo");

        CliRun run = cli("run", spec("podinfo", provider, 50, 2));

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Rolling out test/podinfo").contains("canary 50%").contains("test/podinfo: Succeeded");
        assertThat(cluster.image("podinfo-primary")).isEqualTo(RunCluster.NEW_IMAGE);
        assertThat(cluster.stored("podinfo")).hasValueSatisfying(r -> assertThat(r.state().phase()).isEqualTo(Phase.SUCCEEDED));
        assertThat(cluster.validate(apiVersion, kind)).as("%s resources", kind).isPositive();
        assertThat(cluster.cluster.client().services().inNamespace("test").list().getItems())
                .as("the apex and track Services bootstrapped").hasSize(3);
        assertThat(events("podinfo")).as("Kubernetes Events on the target Deployment")
                .contains("Normal Started", "Normal Advanced", "Normal Succeeded", "Normal Ended");
    }

    /** The type and reason of each Kubernetes Event about Deployment {@code name}, from source stepwise. */
    List<String> events(String name) {
        return cluster.cluster.client().resources(Event.class).inNamespace("test").list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getKind().equals("Deployment") && e.getInvolvedObject().getName().equals(name)
                        && e.getSource().getComponent().equals("stepwise"))
                .map(e -> e.getType() + " " + e.getReason()).toList();
    }

    @Test
    @DisplayName("run --no-events writes no Kubernetes Event")
    void noEvents() throws Exception {
        cluster.deploy("podinfo");

        CliRun run = cli("run", "--no-events", spec("podinfo", "istio", 50, 2));

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(events("podinfo")).isEmpty();
    }

    @Test
    @DisplayName("run --classpath JAR drives a custom strategy from a plug-in jar to Succeeded, its weights doubling")
    void customStrategy() throws Exception {
        cluster.deploy("podinfo");
        DoublingCanaryPlugin plugin = DoublingCanaryPlugin.buildIn(dir.resolve("plugin"));
        Path spec = spec("podinfo", "istio", 50, 2);
        Files.writeString(spec, Files.readString(spec).replace("canary: {stepWeight: 50, maxWeight: 50}",
                "custom: {type: doubling-canary, maxWeight: 4}"));

        CliRun without = cli("run", spec);
        CliRun run = cli("run", "--classpath", plugin.jar(), spec);

        assertThat(without.exit()).isEqualTo(StepwiseCli.INVALID_INPUT);
        assertThat(without.err()).contains("custom strategy \"doubling-canary\" is not installed");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Rolling out test/podinfo (custom").contains("canary 4%")
                .contains("test/podinfo: Succeeded");
        assertThat(cluster.image("podinfo-primary")).isEqualTo(RunCluster.NEW_IMAGE);
    }

    @Test
    @DisplayName("a canary whose errors climb is rolled back: exit 4, the stable image kept")
    void failingCanary() throws Exception {
        cluster.deploy("failing");

        CliRun run = cli("run", spec("failing", "istio", 50, 2));

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(RunCommand.ROLLED_BACK);
        assertThat(run.out()).contains("test/failing: RolledBack");
        assertThat(cluster.image("failing-primary")).isEqualTo(RunCluster.OLD_IMAGE);
        assertThat(events("failing")).contains("Warning RolledBack", "Warning Ended");
    }

    @Test
    @DisplayName("a sequential judge alone rolls back a canary with errors at its first look: Prometheus counts both tracks")
    void judgedCanary() throws Exception {
        cluster.deploy("failing");
        // 2-second windows: an increase() needs two scrapes (every second) in its window
        Path spec = Files.writeString(dir.resolve("failing-judged.yaml"), """
                apiVersion: stepwise.dev/v1alpha1
                kind: Rollout
                metadata: {name: failing, namespace: test}
                spec:
                  target: {name: failing}
                  strategy:
                    canary: {stepWeight: 50, maxWeight: 50}
                  service: {port: 9898}
                  provider: istio
                  metricsServer: {address: "%s", timeout: 2s}
                  analysis:
                    interval: 2s
                    threshold: 100
                    judges: [{type: sequential}]
                """.formatted(prometheus.baseUrl()));

        // with threshold 100 only the judge's critical failure ends the run within the timeout
        CliRun run = done(runInBackground("run", spec));

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(RunCommand.ROLLED_BACK);
        assertThat(run.out()).contains("test/failing: RolledBack");
        assertThat(cluster.image("failing-primary")).isEqualTo(RunCluster.OLD_IMAGE);
        assertThat(cluster.stored("failing").orElseThrow().evidence().get("sequential-errors"))
                .as("the judge's evidence: counts of both tracks from Prometheus").isNotNull()
                .satisfies(e -> {
                    assertThat(e.evidence().canary().bad()).isPositive();
                    assertThat(e.evidence().control().requests()).isPositive();
                });
    }

    @Test
    @DisplayName("pause from a second CLI stops run with exit 5, the rollout paused; run again resumes it to Succeeded")
    void pauseThenRunAgain() throws Exception {
        cluster.deploy("podinfo");
        Path spec = spec("podinfo", "gateway-api", 25, 2);
        Future<CliRun> first = runInBackground("run", spec);
        cluster.awaitStored("podinfo", r -> r.state().split().canary() > 0, TIMEOUT);

        CliRun pause = cli("pause", "podinfo", "-n", "test");

        assertThat(pause.exit()).as(pause.err()).isZero();
        CliRun paused = done(first);
        assertThat(paused.exit()).as(paused.out() + paused.err()).isEqualTo(RunCommand.PAUSED);
        assertThat(paused.out()).contains("test/podinfo: Paused; `stepwise run " + spec + "` again resumes it");
        assertThat(cluster.stored("podinfo").orElseThrow().state().phase()).isEqualTo(Phase.PAUSED);

        CliRun again = cli("run", spec);
        assertThat(again.exit()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("Resuming test/podinfo").contains("test/podinfo: Succeeded");
    }

    @Test
    @DisplayName("Ctrl-C pauses the rollout in its store and says so; run again resumes it to Succeeded")
    void ctrlCThenRunAgain() throws Exception {
        cluster.deploy("podinfo");
        Path spec = spec("podinfo", "istio", 25, 2);
        Future<CliRun> first = runInBackground("run", spec);
        cluster.awaitStored("podinfo", r -> r.state().split().canary() > 0, TIMEOUT);

        ctrlC.get().run(); // what the JVM's shutdown hook runs on Ctrl-C

        CliRun interrupted = done(first);
        assertThat(interrupted.exit()).isEqualTo(RunCommand.PAUSED);
        assertThat(interrupted.out()).contains("Interrupted: test/podinfo is Paused at canary")
                .contains("`stepwise run " + spec + "` resumes it");
        assertThat(cluster.stored("podinfo").orElseThrow().state().phase()).isEqualTo(Phase.PAUSED);

        CliRun again = cli("run", spec);
        assertThat(again.exit()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("Resuming test/podinfo").contains("test/podinfo: Succeeded");
        assertThat(ctrlC.get()).as("the hook is removed when run ends").isNull();
    }

    @Test
    @DisplayName("promote from a second CLI pushes a held canary through: run --until-end ends Succeeded")
    void promote() throws Exception {
        cluster.deploy("holding");
        Future<CliRun> run = runInBackground("run", spec("holding", "kuma", 50, 1000), "--until-end");
        cluster.awaitStored("holding", r -> r.state().split().canary() == 50 && r.state().failedAnalyses() > 0, TIMEOUT);

        CliRun promote = cli("promote", "holding", "-n", "test");

        assertThat(promote.exit()).as(promote.err()).isZero();
        CliRun ended = done(run);
        assertThat(ended.exit()).as(ended.out() + ended.err()).isZero();
        assertThat(cluster.image("holding-primary")).isEqualTo(RunCluster.NEW_IMAGE);
    }

    @Test
    @DisplayName("abort from a second CLI ends a running rollout: exit 4, Aborted, the stable image kept")
    void abort() throws Exception {
        cluster.deploy("holding");
        Future<CliRun> run = runInBackground("run", spec("holding", "istio", 50, 1000));
        cluster.awaitStored("holding", r -> r.state().split().canary() == 50, TIMEOUT);

        CliRun abort = cli("abort", "holding", "-n", "test");

        assertThat(abort.exit()).as(abort.err()).isZero();
        CliRun ended = done(run);
        assertThat(ended.exit()).as(ended.out() + ended.err()).isEqualTo(RunCommand.ROLLED_BACK);
        assertThat(ended.out()).contains("test/holding: Aborted");
        assertThat(cluster.image("holding-primary")).isEqualTo(RunCluster.OLD_IMAGE);
    }
}
