package dev.stepwise.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.Problem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("PrometheusConfig")
class PrometheusConfigTest {

    @Test
    @DisplayName("defaults to localhost:9090, 10s, no credentials, verified TLS, no headers and a 16 MiB body limit")
    void defaults() {
        PrometheusConfig config = PrometheusConfig.DEFAULT;

        assertThat(config.baseUrl()).isEqualTo(URI.create("http://localhost:9090"));
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.bearerToken()).isEmpty();
        assertThat(config.basicAuthUsername()).isEmpty();
        assertThat(config.basicAuthPassword()).isEmpty();
        assertThat(config.caCertificate()).isEmpty();
        assertThat(config.insecureSkipVerify()).isFalse();
        assertThat(config.headers()).isEmpty();
        assertThat(config.maxBodySize()).isEqualTo(16L * 1024 * 1024);
        assertThat(config.validate()).isEmpty();
    }

    @Test
    @DisplayName("reads prefixed keys, Go durations and comma-separated headers")
    void keys() {
        Map<String, String> values = Map.of("prometheus.baseUrl", "https://mimir:8080/prometheus",
                "prometheus.timeout", "1m30s", "prometheus.headers", "X-Scope-OrgID=team-a, X-Extra=1",
                "prometheus.insecureSkipVerify", "TRUE");
        PrometheusConfig config = values::get;

        assertThat(config.baseUrl()).isEqualTo(URI.create("https://mimir:8080/prometheus"));
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.headers()).containsOnly(Map.entry("X-Scope-OrgID", "team-a"), Map.entry("X-Extra", "1"));
        assertThat(config.insecureSkipVerify()).isTrue();
    }

    @Test
    @DisplayName("reads maxBodySize as bytes or KiB, MiB, GiB from 1 KiB to 1 GiB, naming the key otherwise")
    void maxBodySize() {
        for (Map.Entry<String, Long> valid : Map.of("1024", 1024L, "512KiB", 512L * 1024, "4 MiB", 4L << 20, "1GiB", 1L << 30).entrySet()) {
            PrometheusConfig config = key -> key.equals("prometheus.maxBodySize") ? valid.getKey() : null;
            assertThat(config.maxBodySize()).as(valid.getKey()).isEqualTo(valid.getValue());
        }
        for (String invalid : new String[] {"1023", "2GiB", "16MB", "-1", "lots"}) {
            PrometheusConfig config = key -> key.equals("prometheus.maxBodySize") ? invalid : null;
            assertThat(config.validate()).as(invalid).extracting(Problem::path).containsExactly("prometheus.maxBodySize");
        }
        assertThat(PrometheusConfig.builder().maxBodySize(2048).build().maxBodySize()).isEqualTo(2048);
    }

    @Test
    @DisplayName("lists every problem at once, each with its key")
    void everyProblem() {
        Map<String, String> values = Map.of("prometheus.baseUrl", "ftp://x", "prometheus.timeout", "0s",
                "prometheus.insecureSkipVerify", "yes", "prometheus.headers", "Host=evil",
                "prometheus.bearerToken", "t", "prometheus.basicAuthUsername", "u", "prometheus.caCertificate", "/no/such.pem");
        PrometheusConfig config = values::get;

        assertThat(config.validate()).extracting(Problem::path).containsExactlyInAnyOrder(
                "prometheus.baseUrl", "prometheus.timeout", "prometheus.caCertificate", "prometheus.insecureSkipVerify",
                "prometheus.headers", "prometheus.bearerToken", "prometheus.basicAuthPassword");
    }

    @Test
    @DisplayName("refuses relative, non-http and credential-bearing base URLs")
    void baseUrls() {
        for (String url : new String[] {"prometheus:9090", "/api", "file:///etc/passwd", "http://user:pw@host:9090", "http://a b"}) {
            PrometheusConfig config = key -> key.equals("prometheus.baseUrl") ? url : null;

            assertThat(config.validate()).as(url).extracting(Problem::path).containsExactly("prometheus.baseUrl");
            assertThat(config.validate().toString()).doesNotContain("pw");
        }
    }

    @Test
    @DisplayName("builds with the builder and refuses bearer and basic auth together")
    void builder() {
        PrometheusConfig config = PrometheusConfig.builder().baseUrl(URI.create("http://p:9090")).timeout(Duration.ofMillis(500))
                .bearerToken("t").header("X-Scope-OrgID", "a").build();

        assertThat(config.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.bearerToken()).contains("t");
        assertThatThrownBy(() -> PrometheusConfig.builder().bearerToken("t").basicAuth("u", "p").build())
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactly("prometheus.bearerToken"));
    }

    @Test
    @DisplayName("refuses an Authorization header, a bad header name and a value with a line break")
    void headers() {
        assertThatThrownBy(() -> PrometheusConfig.builder().header("Authorization", "Bearer x").build())
                .hasMessageContaining("use bearerToken or basicAuth").hasMessageNotContaining("Bearer x");
        assertThatThrownBy(() -> PrometheusConfig.builder().header("X Bad", "v").build()).isInstanceOf(InvalidConfigException.class);
        assertThatThrownBy(() -> PrometheusConfig.builder().header("X-Token", "secret\r\nX-Evil: 1").build())
                .isInstanceOf(InvalidConfigException.class).hasMessageNotContaining("secret");
    }

    @Test
    @DisplayName("shows base URL, timeout and header names in toString, never secrets or header values")
    void toStringHidesSecrets() {
        PrometheusConfig bearer = PrometheusConfig.builder().baseUrl("http://p:9090").bearerToken("tok3n")
                .header("X-Scope-OrgID", "tenant-secret").build();
        PrometheusConfig basic = PrometheusConfig.builder().basicAuth("alice", "passw0rd").build();

        assertThat(bearer).hasToString("PrometheusConfig[baseUrl=http://p:9090, timeout=10s, headers=[X-Scope-OrgID]]");
        assertThat(basic.toString()).doesNotContain("passw0rd").doesNotContain("alice");
    }

    @Test
    @DisplayName("accepts a readable CA file but not together with insecureSkipVerify")
    void caCertificate(@TempDir Path dir) throws IOException {
        Path pem = Files.writeString(dir.resolve("ca.pem"), "not checked until the source is built");

        assertThat(PrometheusConfig.builder().caCertificate(pem).build().caCertificate()).contains(pem);
        assertThatThrownBy(() -> PrometheusConfig.builder().caCertificate(pem).insecureSkipVerify(true).build())
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactly("prometheus.insecureSkipVerify"));
    }

    @Test
    @DisplayName("a source refuses a CA file without certificates, naming the key")
    void unusableCa(@TempDir Path dir) throws IOException {
        Path pem = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n");
        PrometheusConfig config = PrometheusConfig.builder().baseUrl("https://p:9090").caCertificate(pem).build();

        assertThatThrownBy(() -> PrometheusMetricSource.builder(config).build())
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactly("prometheus.caCertificate"));
    }

    @Test
    @DisplayName("a source builds with insecureSkipVerify")
    void insecure() {
        PrometheusConfig config = PrometheusConfig.builder().baseUrl("https://p:9090").insecureSkipVerify(true).build();

        assertThat(PrometheusMetricSource.builder(config).build()).isNotNull();
    }
}
