package dev.stepwise.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.analysis.Webhook;
import dev.stepwise.spi.WebhookClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WebhookClient} over HTTP, compatible with Flagger's webhooks (and so with Flagger's
 * load tester): a {@code POST} of a JSON payload
 * {@code {"name", "namespace", "phase", "revision", "type", "metadata"}} to the webhook's URL,
 * within the webhook's timeout. A status from 200 to 202 is success, as in Flagger; anything
 * else, a timeout or a refused connection is an unsuccessful outcome, never an exception.
 *
 * <p>The metadata is sent but never logged: it may hold tokens. Thread-safe.
 */
public final class HttpWebhookClient implements WebhookClient {

    private static final Logger LOG = LoggerFactory.getLogger(HttpWebhookClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EXCERPT = 200;

    private final HttpClient http;

    public HttpWebhookClient(HttpClient http) {
        this.http = http;
    }

    /**
     * One client for the whole process, created on first use ({@link #ofDefaults()}): an
     * {@link HttpClient} owns a selector thread, so rollouts share one.
     */
    public static HttpWebhookClient shared() {
        return Shared.INSTANCE;
    }

    private static final class Shared {
        static final HttpWebhookClient INSTANCE = ofDefaults();
    }

    /** A client with a 10-second connect timeout; each call's timeout is its webhook's. */
    public static HttpWebhookClient ofDefaults() {
        return new HttpWebhookClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    @Override
    public Outcome call(Webhook webhook, Map<String, String> context) {
        HttpRequest request = HttpRequest.newBuilder(webhook.url())
                .timeout(webhook.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload(webhook, context)))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            LOG.debug("webhook {} ({}) answered {}", webhook.name(), webhook.type(), status);
            if (status >= 200 && status <= 202) {
                return Outcome.success();
            }
            return Outcome.failure("HTTP " + status + excerpt(response.body()));
        } catch (HttpTimeoutException e) {
            return failed(webhook, "timed out after " + webhook.timeout().toMillis() + "ms");
        } catch (ConnectException e) {
            return failed(webhook, "unreachable: " + webhook.url().getHost() + ":" + port(webhook));
        } catch (IOException e) {
            return failed(webhook, "request failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(webhook, "interrupted");
        }
    }

    /** The JSON body; fields in a fixed order, metadata sorted by key. */
    static String payload(Webhook webhook, Map<String, String> context) {
        ObjectNode body = JSON.createObjectNode();
        for (String field : new String[] {"name", "namespace", "phase", "revision"}) {
            body.put(field, context.getOrDefault(field, ""));
        }
        body.put("type", webhook.type().label());
        ObjectNode metadata = body.putObject("metadata");
        new TreeMap<>(webhook.metadata()).forEach(metadata::put);
        return body.toString();
    }

    private static Outcome failed(Webhook webhook, String reason) {
        LOG.warn("webhook {} ({}) failed: {}", webhook.name(), webhook.type(), reason);
        return Outcome.failure(reason);
    }

    private static int port(Webhook webhook) {
        int port = webhook.url().getPort();
        return port >= 0 ? port : "https".equals(webhook.url().getScheme()) ? 443 : 80;
    }

    private static String excerpt(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        if (flat.isEmpty()) {
            return "";
        }
        return ": " + (flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT) + "...");
    }

    @Override
    public String toString() {
        return "HttpWebhookClient[" + http.connectTimeout().map(Duration::toString).orElse("no connect timeout") + "]";
    }
}
