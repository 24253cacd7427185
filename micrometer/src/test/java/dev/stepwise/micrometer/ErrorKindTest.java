package dev.stepwise.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.micrometer.internal.ErrorKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DisplayName;

@DisplayName("An error's text is classified into a fixed kind, never a tag of its own")
class ErrorKindTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "UnverifiedSplitException: split 10/90 not shown since 12:00 | unverified",
            "StaleStateException: stored v4, expected v3                | stale-state",
            "SocketTimeoutException: Read timed out                     | timeout",
            "UncheckedIOException: java.io.IOException: refused         | io",
            "ConnectException: Connection refused                       | io",
            "KubernetesClientException: Failure executing: PATCH        | kubernetes",
            "IllegalStateException: no route named primary              | invalid",
            "InvalidValueException: weight: 120 must be 0..100          | invalid",
            "StackOverflowError                                         | jvm",
            "NullPointerException: boom                                 | other",
            "RuntimeException                                           | other"})
    void classifies(String error, String kind) {
        assertThat(ErrorKind.of(error.trim()).tag()).isEqualTo(kind);
    }
}
