package dev.stepwise.operator;

import dev.stepwise.micrometer.PrometheusScrape;
import dev.stepwise.micrometer.StepwiseMetrics;
import dev.stepwise.notify.NotificationChannel;
import dev.stepwise.notify.Notifier;
import dev.stepwise.operator.internal.ControllerSettings;
import dev.stepwise.operator.internal.NotifySettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's entry point ({@code java -jar stepwise-operator.jar}): reads its settings from the
 * arguments and the environment (see {@code ControllerSettings}: namespaces watched, the Lease's
 * namespace and name, this replica's identity, the metrics port), connects with the in-cluster or
 * kubeconfig credentials, runs a {@link StepwiseController} on the Lease with the engine's metrics
 * ({@link StepwiseMetrics}) in a {@link PrometheusMeterRegistry} served by {@link PrometheusScrape} on
 * {@code /metrics} and {@code /healthz}, sends the engine's events to the notification channels the
 * environment names ({@code NotifySettings}: webhook, Slack, Teams), and on SIGTERM stops the controller (its lease released for
 * the next replica), the endpoint and the client. A setting refused prints the reason and the usage
 * and exits with status 2.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        ControllerSettings settings;
        List<NotificationChannel> channels;
        try {
            settings = ControllerSettings.parse(List.of(args), System.getenv(), Main::hostName);
            channels = NotifySettings.channels(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("stepwise-operator: " + e.getMessage());
            System.err.println(ControllerSettings.USAGE);
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        KubernetesClient client = new KubernetesClientBuilder().build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Notifier.Builder notifier = Notifier.builder();
        channels.forEach(notifier::channel);
        Notifier notifications = notifier.build();
        StepwiseController.Builder builder = StepwiseController.builder(client).namespaces(settings.namespaces())
                .lease(settings.leaseNamespace(), settings.leaseName(), settings.identity())
                .listener(StepwiseMetrics.builder().registry(registry).build());
        if (!channels.isEmpty()) {
            builder.listener(notifications);
        }
        StepwiseController controller = builder.build();
        PrometheusScrape scrape = PrometheusScrape.builder(registry).port(settings.metricsPort()).build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping: {}", settings);
            controller.close();
            notifications.close();
            scrape.close();
            registry.close();
            client.close();
            stopped.countDown();
        }, "stepwise-shutdown"));
        scrape.start();
        controller.start();
        LOG.info("running: {}; metrics on :{}/metrics; notifications to {}", settings, scrape.port(),
                channels.isEmpty() ? "no channel" : channels);
        stopped.await();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("no identity: set --identity or POD_NAME, and the host's name is unknown: " + e.getMessage(), e);
        }
    }
}
