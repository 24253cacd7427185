package dev.stepwise.metrics.prometheus.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stepwise.metrics.prometheus.internal.PrometheusResponse.ResultType;
import dev.stepwise.metrics.prometheus.internal.PrometheusResponse.Sample;
import dev.stepwise.metrics.prometheus.internal.PrometheusResponse.Series;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses bodies of {@code /api/v1/query} and {@code /api/v1/query_range}. Sample values are JSON
 * strings ({@code "1.5"}, {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"}); NaN and infinities are
 * kept for the caller to turn into no data. Thread-safe. Not API.
 */
public final class PrometheusResponseParser {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PrometheusResponseParser() {
    }

    /**
     * The response in {@code body}.
     *
     * @throws MalformedResponseException if the body is not JSON or not shaped like an API answer
     */
    public static PrometheusResponse parse(String body) throws MalformedResponseException {
        JsonNode root;
        try {
            root = MAPPER.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new MalformedResponseException("not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedResponseException("not a JSON object");
        }
        String status = root.path("status").asText("");
        if (status.equals("error")) {
            return new PrometheusResponse.Error(root.path("errorType").asText(""), root.path("error").asText(""));
        }
        if (!status.equals("success")) {
            throw new MalformedResponseException("status is \"" + status + "\", not success or error");
        }
        JsonNode data = root.path("data");
        String resultType = data.path("resultType").asText("");
        JsonNode result = data.path("result");
        switch (resultType) {
            case "vector":
                return new PrometheusResponse.Samples(ResultType.VECTOR, seriesList(result, "value"));
            case "matrix":
                return new PrometheusResponse.Samples(ResultType.MATRIX, seriesList(result, "values"));
            case "scalar":
                return new PrometheusResponse.Samples(ResultType.SCALAR, List.of(new Series(Map.of(), List.of(sample(result)))));
            case "string":
                pair(result);
                return new PrometheusResponse.Text(result.get(1).asText());
            default:
                throw new MalformedResponseException("unknown resultType \"" + resultType + "\"");
        }
    }

    /** A sample value as Prometheus writes it: a decimal, {@code NaN}, {@code +Inf} or {@code -Inf}. */
    public static double value(String text) throws MalformedResponseException {
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
            case "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new MalformedResponseException("sample value \"" + text + "\" is not a number");
                }
        }
    }

    private static List<Series> seriesList(JsonNode result, String samplesField) throws MalformedResponseException {
        if (!result.isArray()) {
            throw new MalformedResponseException("result is not an array");
        }
        List<Series> series = new ArrayList<>(result.size());
        for (JsonNode node : result) {
            Map<String, String> labels = new LinkedHashMap<>();
            JsonNode metric = node.path("metric");
            if (!metric.isMissingNode() && !metric.isObject()) {
                throw new MalformedResponseException("metric is not an object");
            }
            var fields = metric.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                labels.put(field.getKey(), field.getValue().asText());
            }
            List<Sample> samples = new ArrayList<>();
            if (samplesField.equals("value")) {
                samples.add(sample(node.path("value")));
            } else {
                JsonNode values = node.path("values");
                if (!values.isArray() || values.isEmpty()) {
                    throw new MalformedResponseException("a matrix series has no values");
                }
                for (JsonNode pair : values) {
                    samples.add(sample(pair));
                }
            }
            series.add(new Series(labels, samples));
        }
        return series;
    }

    private static Sample sample(JsonNode pair) throws MalformedResponseException {
        pair(pair);
        if (!pair.get(0).isNumber()) {
            throw new MalformedResponseException("sample time is not a number");
        }
        if (!pair.get(1).isTextual()) {
            throw new MalformedResponseException("sample value is not a string");
        }
        return new Sample(pair.get(0).asDouble(), value(pair.get(1).asText()));
    }

    private static void pair(JsonNode node) throws MalformedResponseException {
        if (!node.isArray() || node.size() != 2) {
            throw new MalformedResponseException("a sample is not [time, \"value\"]");
        }
    }
}
