package dev.stepwise.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.analysis.Webhook;
import dev.stepwise.http.internal.BodyTooLargeException;
import dev.stepwise.http.internal.BoundedExchange;
import dev.stepwise.http.internal.ByteSizes;
import dev.stepwise.secret.internal.Secrets;
import dev.stepwise.spi.WebhookClient;
import dev.stepwise.validation.InvalidValueException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
 * <p><b>Bounds.</b> The webhook's timeout is a deadline for the whole exchange: connecting, the
 * answer's headers and its whole body. The body may be at most {@link #DEFAULT_MAX_BODY_BYTES}
 * (1 MiB) unless another limit is given: only the status decides the outcome and 200 characters
 * of the body are quoted, so a webhook never needs more, and a hostile or broken receiver cannot
 * fill the heap. Past either bound the exchange is cancelled, the outcome is unsuccessful and
 * names the bound, and the client serves the next call as before.
 *
 * <p>The metadata is sent but never logged: it may hold tokens. An answer may echo the request:
 * every outcome's message is scrubbed of the request's own secrets (the metadata's values and
 * the values of the URL's credential-like query parameters, see {@link Secrets}) before it is
 * quoted. Thread-safe.
 */
public final class HttpWebhookClient implements WebhookClient {

    private static final Logger LOG = LoggerFactory.getLogger(HttpWebhookClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EXCERPT = 200;

    /** The default limit of an answer's body: 1 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    private final HttpClient http;
    private final long maxBodyBytes;

    /** A client sending with {@code http}; answers' bodies are limited to {@link #DEFAULT_MAX_BODY_BYTES}. */
    public HttpWebhookClient(HttpClient http) {
        this(http, DEFAULT_MAX_BODY_BYTES);
    }

    /**
     * A client sending with {@code http}, accepting answers' bodies of at most {@code maxBodyBytes}.
     *
     * @throws InvalidValueException naming {@code maxBodyBytes} unless it is from 1 byte to 1 GiB
     */
    public HttpWebhookClient(HttpClient http, long maxBodyBytes) {
        if (maxBodyBytes < 1 || maxBodyBytes > 1024L * 1024 * 1024) {
            throw new InvalidValueException("maxBodyBytes", maxBodyBytes, "must be from 1 to 1073741824 (1 GiB)");
        }
        this.http = http;
        this.maxBodyBytes = maxBodyBytes;
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
        Outcome outcome = send(webhook, context);
        if (outcome.succeeded()) {
            return outcome;
        }
        Secrets secrets = Secrets.in(webhook.url()).and(Secrets.of(webhook.metadata().values()));
        return Outcome.failure(secrets.scrub(outcome.message()));
    }

    private Outcome send(Webhook webhook, Map<String, String> context) {
        HttpRequest request = HttpRequest.newBuilder(webhook.url())
                .timeout(webhook.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload(webhook, context)))
                .build();
        try {
            BoundedExchange.Reply response = new BoundedExchange(webhook.timeout(), maxBodyBytes).send(http, request);
            int status = response.status();
            LOG.debug("webhook {} ({}) answered {}", webhook.name(), webhook.type(), status);
            if (status >= 200 && status <= 202) {
                return Outcome.success();
            }
            return Outcome.failure("HTTP " + status + excerpt(response.body()));
        } catch (BodyTooLargeException e) {
            return failed(webhook, "answer's body larger than the limit of " + ByteSizes.format(e.limit()));
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
        return "HttpWebhookClient[" + http.connectTimeout().map(Duration::toString).orElse("no connect timeout")
                + ", maxBody=" + ByteSizes.format(maxBodyBytes) + "]";
    }
}
