package dev.stepwise.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Byte sizes as text")
class ByteSizesTest {

    @ParameterizedTest(name = "{0} is {1} bytes, shown as {2}")
    @CsvSource({"1500, 1500, 1500 bytes", "1, 1, 1 byte", "512KiB, 524288, 512 KiB", "16 MiB, 16777216, 16 MiB",
            "1gib, 1073741824, 1 GiB"})
    void parsesAndFormats(String text, long bytes, String shown) {
        assertThat(ByteSizes.parse(text)).isEqualTo(bytes);
        assertThat(ByteSizes.format(bytes)).isEqualTo(shown);
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"", "MiB", "-1", "1.5MiB", "16MB", "99999999999999999999", "9999999999999GiB"})
    void refuses(String text) {
        assertThatThrownBy(() -> ByteSizes.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
