package dev.stepwise.analysis;

import dev.stepwise.rollout.HookType;
import dev.stepwise.secret.internal.RedactedUrl;
import dev.stepwise.validation.InvalidValueException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A webhook called during a rollout, Flagger's {@code analysis.webhooks[]} entry.
 *
 * @param name     unique within the analysis
 * @param type     when and how it is called
 * @param url      where it is called; absolute http or https, without user info (a secret goes in
 *                 the metadata or in a query parameter such as {@code token}, whose value is shown
 *                 as {@code ***} wherever the URL is)
 * @param timeout  how long a call may take, {@link #MIN_TIMEOUT 10ms} to {@link #MAX_TIMEOUT 1h};
 *                 default {@link #DEFAULT_TIMEOUT}
 * @param metadata string pairs sent with every call
 */
public record Webhook(String name, HookType type, URI url, Duration timeout, Map<String, String> metadata) {

    /** Flagger's default webhook timeout: 10 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The shortest timeout: 10 ms. */
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(10);
    /** The longest timeout: 1 hour (a load test that runs longer is started by a webhook, not awaited). */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    /** Why a URL with user info is refused, and where a credential goes instead. */
    public static final String USER_INFO_ADVICE = "must not contain user info (a user or password); webhooks send no"
            + " Authorization header: put a token in the metadata (sent in the JSON body, never logged) or in a query"
            + " parameter such as ?token= (shown as *** wherever the URL is shown)";

    public Webhook {
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("name", name == null ? "null" : "\"\"", "must be a non-empty webhook name");
        }
        InvalidValueException.requireNonNull("type", type);
        InvalidValueException.requireNonNull("url", url);
        if (!url.isAbsolute() || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new InvalidValueException("url", RedactedUrl.of(url), "must be an absolute http or https URL");
        }
        if (RedactedUrl.hasUserInfo(url)) {
            throw new InvalidValueException("url", RedactedUrl.of(url), USER_INFO_ADVICE);
        }
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        InvalidValueException.requireBetween("timeout", timeout, MIN_TIMEOUT, MAX_TIMEOUT);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static Webhook of(String name, HookType type, String url) {
        return new Webhook(name, type, URI.create(url), DEFAULT_TIMEOUT, Map.of());
    }

    /** Metadata values are left out and the URL redacted ({@link RedactedUrl}): they may hold tokens. */
    @Override
    public String toString() {
        return "Webhook[" + name + ", " + type + ", " + RedactedUrl.of(url)
                + ", timeout " + timeout + ", metadata keys " + new TreeMap<>(metadata).keySet() + "]";
    }
}
