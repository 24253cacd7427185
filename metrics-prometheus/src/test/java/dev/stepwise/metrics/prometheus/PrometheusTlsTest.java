package dev.stepwise.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.stepwise.spi.MetricQuery;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.traffic.Track;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real TLS handshakes against a JDK {@link HttpsServer} whose certificates (a CA, a server
 * certificate for 127.0.0.1 signed by it, and a self-signed impostor) are made at test time with
 * the JDK's {@code keytool}.
 */
@DisplayName("PrometheusMetricSource over https")
class PrometheusTlsTest {

    private static final String PASSWORD = "changeit";
    private static final Map<String, String> VARIABLES = Map.of("namespace", "test", "target", "podinfo");
    private static final String CANARY_VECTOR = """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"destination_workload":"podinfo"},"value":[1704067200.25,"99.5"]}]}}""";

    @TempDir
    static Path dir;

    private static Path caPem;
    private static ExecutorService executor;
    private static HttpsServer signedServer;
    private static HttpsServer selfSignedServer;

    @BeforeAll
    static void makeCertificatesAndStartServers() throws Exception {
        Path ca = dir.resolve("ca.p12");
        Path server = dir.resolve("server.p12");
        Path impostor = dir.resolve("impostor.p12");
        caPem = dir.resolve("ca.pem");

        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Stepwise Test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASSWORD,
                "-file", caPem.toString());

        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-validity", "2", "-keystore", server.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        Path csr = dir.resolve("server.csr");
        Path signed = dir.resolve("server.pem");
        keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-storepass", PASSWORD,
                "-file", csr.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASSWORD,
                "-infile", csr.toString(), "-outfile", signed.toString(), "-ext", "san=ip:127.0.0.1", "-validity", "2");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", server.toString(), "-storepass", PASSWORD,
                "-file", caPem.toString());
        keytool("-importcert", "-alias", "server", "-keystore", server.toString(), "-storepass", PASSWORD,
                "-file", signed.toString());

        keytool("-genkeypair", "-alias", "impostor", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", impostor.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD);

        executor = Executors.newCachedThreadPool();
        signedServer = start(server);
        selfSignedServer = start(impostor);
    }

    @AfterAll
    static void stopServers() {
        if (signedServer != null) {
            signedServer.stop(0);
        }
        if (selfSignedServer != null) {
            selfSignedServer.stop(0);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "keytool", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("keytool did not finish within 60s: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed (" + process.exitValue() + "): " + command + "\n" + Files.readString(log));
        }
    }

    private static HttpsServer start(Path keystore) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.setExecutor(executor);
        server.createContext("/api/v1/query", PrometheusTlsTest::answerVector);
        server.start();
        return server;
    }

    private static void answerVector(HttpExchange exchange) throws IOException {
        byte[] bytes = CANARY_VECTOR.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String url(HttpsServer server) {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    private static PrometheusConfig.Builder config(HttpsServer server) {
        return PrometheusConfig.builder().baseUrl(url(server)).timeout(Duration.ofSeconds(10));
    }

    private static MetricResult canarySuccessRate(PrometheusConfig.Builder config) {
        PrometheusMetricSource source = PrometheusMetricSource.builder(config.build()).build();
        return source.query(new MetricQuery("request-success-rate", "", Track.CANARY, Duration.ofSeconds(60), VARIABLES));
    }

    @Test
    @DisplayName("answers the canary's value from a server whose certificate is signed by the configured CA")
    void trustedCa() {
        assertThat(canarySuccessRate(config(signedServer).caCertificate(caPem))).isEqualTo(new MetricResult.Value(99.5));
    }

    @Test
    @DisplayName("fails, never throwing, against that server with the JDK's default trust store")
    void defaultTrust() {
        assertThat(canarySuccessRate(config(signedServer))).isInstanceOfSatisfying(MetricResult.Failed.class,
                failed -> assertThat(failed.reason())
                        .startsWith("request to " + url(signedServer) + " failed: ")
                        .containsIgnoringCase("certification path"));
    }

    @Test
    @DisplayName("answers the canary's value with insecureSkipVerify and no CA")
    void insecure() {
        assertThat(canarySuccessRate(config(signedServer).insecureSkipVerify(true))).isEqualTo(new MetricResult.Value(99.5));
    }

    @Test
    @DisplayName("answers the value with insecureSkipVerify even from a self-signed server")
    void insecureSelfSigned() {
        assertThat(canarySuccessRate(config(selfSignedServer).insecureSkipVerify(true))).isEqualTo(new MetricResult.Value(99.5));
    }

    @Test
    @DisplayName("fails, never throwing, against a self-signed server certificate not signed by the configured CA")
    void wrongCa() {
        assertThat(canarySuccessRate(config(selfSignedServer).caCertificate(caPem))).isInstanceOfSatisfying(MetricResult.Failed.class,
                failed -> assertThat(failed.reason())
                        .startsWith("request to " + url(selfSignedServer) + " failed: ")
                        .containsIgnoringCase("certification path"));
    }
}
