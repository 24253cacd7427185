package dev.stepwise.secret.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

@DisplayName("A URL is shown without its credentials")
class RedactedUrlTest {

    @ParameterizedTest(name = "{0} is shown as {1}")
    @CsvSource(delimiter = '|', value = {
        "https://hooks.example.com/canary                          | https://hooks.example.com/canary",
        "https://user:pa55@hooks.example.com:8443/x?a=1             | https://***@hooks.example.com:8443/x?a=1",
        "https://ghp_TOKEN@github.com/org/repo.git                  | https://***@github.com/org/repo.git",
        "http://h/x?token=abc&stage=1&access_token=d&api-key=e       | http://h/x?token=***&stage=1&access_token=***&api-key=***",
        "http://h/x?X-Amz-Signature=abc&sig=q&password=p&secret=s   | http://h/x?X-Amz-Signature=***&sig=***&password=***&secret=***",
        "http://h/x?token                                           | http://h/x?token",
        "http://user:pa55@host with space/x                         | http://***@host/... (rest not shown)",
        "http://user:pa55@ho^st/x?token=t                           | http://***@(host not shown)/... (rest not shown)",
        "not a url user:pa55                                        | (not a URL; not shown)",
        "git@github.com:org/repo.git                                | (not a URL; not shown)",
        "http://[::1]:9090/api                                      | http://[::1]:9090/api",
        "/approve?token=t&x=1                                       | /approve?token=***&x=1",
        "//user:pa55@host/approve                                   | (not a URL; not shown)",
    })
    void shows(String url, String shown) {
        assertThat(RedactedUrl.of(url)).isEqualTo(shown);
    }

    @Test
    @DisplayName("nothing after the user info's @ of a URL that does not parse is shown but the host")
    void unparsable() {
        assertThat(RedactedUrl.of("https://u:s3cr3t@prometheus:9090/%zz?token=s3cr3t")).doesNotContain("s3cr3t")
                .isEqualTo("https://***@prometheus/... (rest not shown)");
    }

    @Test
    @DisplayName("user info is recognised, a user alone included")
    void userInfo() {
        assertThat(RedactedUrl.hasUserInfo(URI.create("https://token@github.com/x"))).isTrue();
        assertThat(RedactedUrl.hasUserInfo(URI.create("https://github.com/x?user=a@b"))).isFalse();
    }
}
