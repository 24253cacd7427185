package dev.stepwise.secret.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Known secrets are scrubbed from a text in every form they travel in")
class SecretsTest {

    private static final String SECRET = "s3cr3t+PLANTED/1 x";

    @Test
    @DisplayName("as written, URL-encoded in both styles and hex cases")
    void urlEncoded() {
        String encoded = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
        String text = "a " + SECRET + " b " + encoded + " c " + encoded.replace("+", "%20") + " d "
                + encoded.replace("%2B", "%2b").replace("%2F", "%2f");
        String scrubbed = Secrets.of(SECRET).scrub(text);
        assertThat(scrubbed).isEqualTo("a *** b *** c *** d ***");
    }

    @Test
    @DisplayName("base64 alone and inside a basic-auth header, standard and URL-safe")
    void base64() {
        Secrets secrets = Secrets.of(SECRET);
        for (String user : new String[] {"", "a", "ab", "abc"}) {
            String pair = (user.isEmpty() ? "" : user + ":") + SECRET;
            for (Base64.Encoder encoder : new Base64.Encoder[] {Base64.getEncoder(), Base64.getUrlEncoder()}) {
                String header = "Authorization: Basic " + encoder.encodeToString(pair.getBytes(StandardCharsets.UTF_8));
                String scrubbed = secrets.scrub(header);
                assertThat(scrubbed).contains("***");
                assertThat(secrets.foundIn(scrubbed)).isFalse();
                // what is left cannot give the secret back: at most 3 characters around the mask
                assertThat(scrubbed.replace("Authorization: Basic ", "").replace("***", "")).hasSizeLessThan(user.length() * 2 + 8);
            }
        }
    }

    @Test
    @DisplayName("a URL's user info and credential-named query values are its secrets")
    void inUrl() {
        Secrets secrets = Secrets.in(URI.create("https://bob:pa55word@h/x?token=t0ken%2B1&stage=canary"));
        assertThat(secrets.scrub("bob:pa55word t0ken+1 t0ken%2B1 canary")).isEqualTo("*** *** *** canary");
    }

    @Test
    @DisplayName("no secret leaves a text unchanged and toString counts, never shows")
    void none() {
        assertThat(Secrets.NONE.scrub("text")).isEqualTo("text");
        assertThat(Secrets.of("", null).isEmpty()).isTrue();
        assertThat(Secrets.of(SECRET)).hasToString("Secrets[1 hidden]");
    }
}
