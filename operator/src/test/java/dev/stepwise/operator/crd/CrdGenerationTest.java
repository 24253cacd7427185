package dev.stepwise.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("deploy/crd.yaml")
class CrdGenerationTest {

    @Test
    @DisplayName("is exactly what fabric8's generator writes from the model (rewritten with -Dstepwise.crd.write=true)")
    void isWhatTheGeneratorWrites() throws IOException {
        String generated = GeneratedCrd.text();
        if (Boolean.getBoolean("stepwise.crd.write")) {
            Files.writeString(GeneratedCrd.FILE, generated, StandardCharsets.UTF_8);
        }
        String checkedIn = Files.readString(GeneratedCrd.FILE, StandardCharsets.UTF_8);
        assertThat(checkedIn)
                .as("deploy/crd.yaml has drifted from the model in dev.stepwise.operator.crd; regenerate it with: "
                        + GeneratedCrd.REGENERATE)
                .isEqualTo(generated);
    }
}
