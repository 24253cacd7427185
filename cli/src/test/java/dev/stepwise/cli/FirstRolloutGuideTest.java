package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.rollout.Phase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide {@code first-rollout.md} runs as written: its files (a {@code yaml} block after a line
 * {@code `NAME`:}) are written out, and every {@code $ } line of its {@code shell} blocks is run in
 * order against the mock API server: {@code kubectl apply -f} loads the file through the API,
 * {@code kubectl set image} edits the Deployment's container image,
 * {@code stepwise ...} is the CLI (with {@code --kubeconfig} for the commands that reach the
 * cluster), a line ending in {@code &} runs in the background until {@code wait}. Every command
 * must exit 0. The spec's Prometheus address is replaced by the test's real Prometheus.
 */
@DisplayName("The guide \"Your first rollout on a cluster\": every command runs as written")
class FirstRolloutGuideTest {

    static final Path GUIDE = Path.of("..", "src", "site", "markdown", "first-rollout.md");
    static final Pattern FILE = Pattern.compile("^`([\\w.-]+)`:\\n\\n```yaml\\n(.*?)```", Pattern.MULTILINE | Pattern.DOTALL);
    static final Pattern SHELL = Pattern.compile("^```shell\\n(.*?)```", Pattern.MULTILINE | Pattern.DOTALL);
    static final Pattern SET_IMAGE = Pattern.compile("kubectl set image deployment/([\\w-]+) ([\\w-]+)=(\\S+) -n ([\\w-]+)");
    static final String GUIDE_PROMETHEUS = "http://prometheus.monitoring:9090";
    static final Set<String> CLUSTER_COMMANDS = Set.of("run", "status", "pause", "resume", "promote", "abort", "retry");

    @TempDir
    Path dir;
    RunCluster cluster;
    final ExecutorService background = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() throws InterruptedException {
        background.shutdownNow();
        background.awaitTermination(10, TimeUnit.SECONDS);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @DisplayName("its files are written, its commands run in order, each exits 0, and the rollout ends Succeeded")
    void everyCommandRuns() throws Exception {
        String guide = Files.readString(GUIDE);
        cluster = new RunCluster(dir);
        String prometheus = RunMetrics.get().prometheus.baseUrl().toString();
        Matcher files = FILE.matcher(guide);
        List<String> written = new ArrayList<>();
        while (files.find()) {
            Files.writeString(dir.resolve(files.group(1)), files.group(2).replace(GUIDE_PROMETHEUS, prometheus));
            written.add(files.group(1));
        }
        assertThat(written).containsExactly("podinfo.yaml", "podinfo-rollout.yaml");
        assertThat(guide).contains(GUIDE_PROMETHEUS);

        List<String> commands = commands(guide);
        assertThat(commands).hasSizeGreaterThanOrEqualTo(10);
        Future<CliRun> job = null;
        for (String command : commands) {
            if (command.equals("wait")) {
                CliRun done;
                try {
                    done = job.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("the background run did not end within 60 s; stored: "
                            + cluster.stored("podinfo"), e);
                }
                assertThat(done.exit()).as(done.out() + done.err()).isZero();
                job = null;
            } else if (command.endsWith("&")) {
                String[] args = args(command.substring(0, command.length() - 1).strip());
                job = background.submit(() -> CliRun.of((Object[]) args));
                cluster.awaitStored("podinfo", r -> r.state().phase() == Phase.PROGRESSING && r.state().split().canary() > 0,
                        Duration.ofSeconds(60));
            } else {
                run(command);
                if (command.startsWith("stepwise pause ")) {
                    // as a person would: resume once status shows it paused (a resume stored before the
                    // engine took the pause is taken with it: first-rollout.md says so)
                    cluster.awaitStored("podinfo", r -> r.state().phase() == Phase.PAUSED && r.commands().isEmpty(),
                            Duration.ofSeconds(60));
                }
            }
        }
        assertThat(job).as("every background job waited for").isNull();
        assertThat(cluster.stored("podinfo").orElseThrow().state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(cluster.image("podinfo-primary")).isEqualTo("ghcr.io/stefanprodan/podinfo:6.8.0");
    }

    private void run(String command) throws IOException {
        if (command.startsWith("kubectl apply -f ")) {
            try (InputStream in = Files.newInputStream(dir.resolve(command.substring("kubectl apply -f ".length())))) {
                cluster.cluster.client().load(in).create();
            }
            return;
        }
        Matcher setImage = SET_IMAGE.matcher(command);
        if (setImage.matches()) {
            // kubectl set image patches without a resourceVersion, so it never conflicts; edit() sends one,
            // and the test cluster's own status updates may land in between: read again and retry, as kubectl would
            for (int attempt = 1; ; attempt++) {
                try {
                    cluster.cluster.client().apps().deployments().inNamespace(setImage.group(4)).withName(setImage.group(1))
                            .edit(d -> {
                                d.getSpec().getTemplate().getSpec().getContainers().stream()
                                        .filter(c -> c.getName().equals(setImage.group(2))).findFirst().orElseThrow()
                                        .setImage(setImage.group(3));
                                return d;
                            });
                    return;
                } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                    if (e.getCode() != 409 || attempt == 5) {
                        throw e;
                    }
                }
            }
        }
        CliRun run = CliRun.of((Object[]) args(command));
        assertThat(run.exit()).as("%s%n%s%s", command, run.out(), run.err()).isZero();
    }

    /** The CLI's arguments for a {@code stepwise} line: files resolved in the test's directory, the kubeconfig added. */
    private String[] args(String command) {
        assertThat(command).startsWith("stepwise ");
        List<String> args = new ArrayList<>(Arrays.asList(command.substring("stepwise ".length()).split("\\s+")));
        args.replaceAll(arg -> Files.exists(dir.resolve(arg)) && arg.endsWith(".yaml") ? dir.resolve(arg).toString() : arg);
        if (CLUSTER_COMMANDS.contains(args.get(0))) {
            args.add("--kubeconfig");
            args.add(cluster.kubeconfig.toString());
        }
        return args.toArray(String[]::new);
    }

    /** Every {@code $ } line of the guide's shell blocks, in order, without the prompt. */
    static List<String> commands(String guide) {
        List<String> commands = new ArrayList<>();
        Matcher blocks = SHELL.matcher(guide);
        while (blocks.find()) {
            for (String line : blocks.group(1).split("\n")) {
                assertThat(line).as("a shell block holds commands only").startsWith("$ ");
                commands.add(line.substring(2).strip());
            }
        }
        return commands;
    }
}
