package dev.stepwise.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.StoredRollout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The embedding example")
class EmbeddingExampleTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"canary.yaml", "blue-green.yaml"})
    void drives_example_specs_with_built_in_checks_through_the_engine_to_success(String spec) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        StoredRollout end = EmbeddingExample.run(Path.of("specs", spec), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(end.isCommitted()).isTrue();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Succeeded");
    }

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({"rolling.yaml, queue-lag-seconds", "ab-test.yaml, checkout-conversion"})
    void rolls_back_a_spec_whose_custom_metric_has_no_data_because_missing_data_is_never_a_pass(String spec, String metric)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        StoredRollout end = EmbeddingExample.run(Path.of("specs", spec), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(end.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains(metric + " Error");
    }
}
