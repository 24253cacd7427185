package dev.stepwise.metrics.prometheus;

import dev.stepwise.secret.internal.RedactedUrl;
import dev.stepwise.time.Durations;
import dev.stepwise.validation.InvalidValueException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The configuration a {@link PrometheusConfig.Builder} builds: a map of keys plus headers set one by one. */
final class MapPrometheusConfig implements PrometheusConfig {

    private final Map<String, String> values;
    private final Map<String, String> headers;

    MapPrometheusConfig(Map<String, String> values, Map<String, String> headers) {
        this.values = Map.copyOf(values);
        this.headers = new LinkedHashMap<>(headers);
    }

    @Override
    public @Nullable String get(String key) {
        return values.get(key);
    }

    @Override
    public Map<String, String> headers() {
        String key = prefix() + ".headers";
        headers.forEach((name, value) -> {
            if (name == null) {
                throw new InvalidValueException(key, "null", "is not a valid header name");
            }
            HeaderRules.check(key, name, value);
        });
        return Map.copyOf(headers);
    }

    /** Base URL, timeout and header names; never a token, password or header value. */
    @Override
    public String toString() {
        String url;
        try {
            url = RedactedUrl.of(baseUrl());
        } catch (InvalidValueException e) {
            url = "(invalid)";
        }
        String timeout;
        try {
            timeout = Durations.format(timeout());
        } catch (InvalidValueException e) {
            timeout = "(invalid)";
        }
        return "PrometheusConfig[baseUrl=" + url + ", timeout=" + timeout + ", headers=" + headers.keySet() + "]";
    }
}
