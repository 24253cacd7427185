package dev.stepwise.metrics.prometheus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.metrics.prometheus.internal.PrometheusResponse.ResultType;
import dev.stepwise.metrics.prometheus.internal.PrometheusResponse.Sample;
import dev.stepwise.metrics.prometheus.internal.PrometheusResponse.Samples;
import dev.stepwise.metrics.prometheus.internal.PrometheusResponse.Series;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("PrometheusResponseParser")
class PrometheusResponseParserTest {

    @Test
    @DisplayName("reads a vector: every series with its labels and value")
    void vector() throws Exception {
        PrometheusResponse response = PrometheusResponseParser.parse("""
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"destination_workload":"podinfo"},"value":[1700000000.5,"99.5"]},
                  {"metric":{"destination_workload":"podinfo-primary"},"value":[1700000000.5,"100"]}]}}
                """);

        assertThat(response).isEqualTo(new Samples(ResultType.VECTOR, List.of(
                new Series(Map.of("destination_workload", "podinfo"), List.of(new Sample(1700000000.5, 99.5))),
                new Series(Map.of("destination_workload", "podinfo-primary"), List.of(new Sample(1700000000.5, 100))))));
    }

    @Test
    @DisplayName("reads an empty vector as no series")
    void emptyVector() throws Exception {
        PrometheusResponse response = PrometheusResponseParser.parse(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");

        assertThat(response).isEqualTo(new Samples(ResultType.VECTOR, List.of()));
    }

    @Test
    @DisplayName("reads a scalar as one series without labels")
    void scalar() throws Exception {
        PrometheusResponse response = PrometheusResponseParser.parse(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"42\"]}}");

        assertThat(response).isEqualTo(new Samples(ResultType.SCALAR,
                List.of(new Series(Map.of(), List.of(new Sample(1700000000, 42))))));
    }

    @Test
    @DisplayName("reads a matrix with every sample, the newest last")
    void matrix() throws Exception {
        PrometheusResponse response = PrometheusResponseParser.parse("""
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{"app":"a"},"values":[[1700000000,"1"],[1700000015,"2.5"]]}]}}
                """);

        Samples samples = (Samples) response;
        assertThat(samples.type()).isEqualTo(ResultType.MATRIX);
        assertThat(samples.series()).singleElement().satisfies(series -> {
            assertThat(series.labels()).containsExactly(Map.entry("app", "a"));
            assertThat(series.samples()).containsExactly(new Sample(1700000000, 1), new Sample(1700000015, 2.5));
            assertThat(series.latest()).isEqualTo(2.5);
        });
    }

    @Test
    @DisplayName("reads a string result as text")
    void string() throws Exception {
        PrometheusResponse response = PrometheusResponseParser.parse(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1700000000,\"hello\"]}}");

        assertThat(response).isEqualTo(new PrometheusResponse.Text("hello"));
    }

    static Stream<Arguments> specialValues() {
        return Stream.of(
                Arguments.of("NaN", Double.NaN),
                Arguments.of("+Inf", Double.POSITIVE_INFINITY),
                Arguments.of("-Inf", Double.NEGATIVE_INFINITY),
                Arguments.of("1e3", 1000.0),
                Arguments.of("-0.25", -0.25));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("specialValues")
    @DisplayName("reads sample values as Prometheus writes them, keeping NaN and infinities")
    void values(String text, double expected) throws Exception {
        PrometheusResponse response = PrometheusResponseParser.parse(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"" + text + "\"]}]}}");

        assertThat((Double) ((Samples) response).series().get(0).latest()).isEqualTo(Double.valueOf(expected));
    }

    @Test
    @DisplayName("reads an error with its type and message")
    void error() throws Exception {
        PrometheusResponse response = PrometheusResponseParser.parse(
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:5: parse error: unexpected end of input\"}");

        assertThat(response).isEqualTo(new PrometheusResponse.Error("bad_data", "1:5: parse error: unexpected end of input"));
        assertThat(((PrometheusResponse.Error) response).reason()).isEqualTo("bad_data: 1:5: parse error: unexpected end of input");
    }

    @Test
    @DisplayName("gives an error without a type its message alone as reason")
    void errorWithoutType() throws Exception {
        PrometheusResponse response = PrometheusResponseParser.parse("{\"status\":\"error\",\"error\":\"boom\"}");

        assertThat(((PrometheusResponse.Error) response).reason()).isEqualTo("boom");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("an empty body", ""),
                Arguments.of("HTML", "<html>bad gateway</html>"),
                Arguments.of("a JSON array", "[]"),
                Arguments.of("no status", "{\"data\":{}}"),
                Arguments.of("an unknown status", "{\"status\":\"partial\"}"),
                Arguments.of("an unknown result type", "{\"status\":\"success\",\"data\":{\"resultType\":\"table\",\"result\":[]}}"),
                Arguments.of("a vector that is not an array", "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":{}}}"),
                Arguments.of("a sample without a value",
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{}}]}}"),
                Arguments.of("a numeric sample value",
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,2]}]}}"),
                Arguments.of("a sample value that is not a number",
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"many\"]}]}}"),
                Arguments.of("a matrix series without values",
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[]}]}}"),
                Arguments.of("a truncated body", "{\"status\":\"success\",\"data\":{\"resultType\":\"vec"));
        }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    @DisplayName("refuses a body that is not an API answer")
    void refused(String name, String body) {
        assertThatThrownBy(() -> PrometheusResponseParser.parse(body)).isInstanceOf(MalformedResponseException.class);
    }
}
